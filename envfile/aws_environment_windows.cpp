// The Windows part of the AWS CLI's base environment: the system folders the CLI (a Python
// program) needs, and the profile folder where it finds %USERPROFILE%\.aws.

#include "envfile/aws_environment.hpp"

namespace awsdns::envfile {
namespace {

std::string caller_value(const Environment& caller, const std::string& name,
                         const std::string& otherwise) {
  const auto it = caller.find(name);
  return it == caller.end() || it->second.empty() ? otherwise : it->second;
}

}  // namespace

void add_system_variables(Environment& env, const Environment& caller, const AwsCliBase& base) {
  const std::string root = caller_value(caller, "SystemRoot", "C:\\Windows");
  env["SystemRoot"] = root;
  env["windir"] = root;
  env["SystemDrive"] = caller_value(caller, "SystemDrive", root.substr(0, 2));
  const std::string safe = root + "\\System32;" + root + ";" + root + "\\System32\\Wbem";
  env["PATH"] = path_with_cli_folder(base.cli_directory, safe, ';', true);
  env["COMSPEC"] = root + "\\System32\\cmd.exe";
  env["PATHEXT"] = caller_value(caller, "PATHEXT", ".COM;.EXE;.BAT;.CMD");
  for (const char* name : {"TEMP", "TMP"}) {
    if (const auto it = caller.find(name); it != caller.end()) env[name] = it->second;
  }
  if (base.home) {
    env["USERPROFILE"] = *base.home;
    if (base.home->size() > 2 && (*base.home)[1] == ':') {
      env["HOMEDRIVE"] = base.home->substr(0, 2);
      env["HOMEPATH"] = base.home->substr(2);
    }
  }
}

}  // namespace awsdns::envfile
