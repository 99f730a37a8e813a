// core/system_paths.hpp on Windows: CLUSTERPRO X for Windows in its default install folder
// (C:\Program Files\CLUSTERPRO; another folder: --env-file or the config's env_file), awsdns's
// data under ProgramData (its MSI installs awsdns.exe under Program Files), the AWS CLI v2 MSI's
// folder.
#include "core/system_paths.hpp"

namespace awsdns {
namespace {

constexpr const char* kAwsCliPlaces[] = {"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe"};

}  // namespace

const SystemPaths& system_paths() {
  static constexpr SystemPaths kPaths{
      "C:\\Program Files\\CLUSTERPRO\\cloud\\aws\\clpaws_setting.conf",
      "C:\\ProgramData\\awsdns\\awsdns.yaml",
      "C:\\ProgramData\\awsdns",
      kAwsCliPlaces,
  };
  return kPaths;
}

}  // namespace awsdns
