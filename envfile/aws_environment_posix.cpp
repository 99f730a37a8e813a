// The POSIX part of the AWS CLI's base environment: fixed PATH, HOME, fixed locale.

#include "envfile/aws_environment.hpp"

namespace awsdns::envfile {

void add_system_variables(Environment& env, const Environment& /*caller*/, const AwsCliBase& base) {
  env["PATH"] = path_with_cli_folder(base.cli_directory, kSafePath, ':', false);
  if (base.home) env["HOME"] = *base.home;
  env["LANG"] = kFixedLocale;
  env["LC_ALL"] = kFixedLocale;
}

}  // namespace awsdns::envfile
