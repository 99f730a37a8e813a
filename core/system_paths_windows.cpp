// core/system_paths.hpp on Windows: CLUSTERPRO X for Windows in its default install folder
// (C:\Program Files\CLUSTERPRO; another folder: --env-file or the config's env_file), awsdns's
// data under ProgramData (its MSI installs awsdns.exe under Program Files), the AWS CLI v2 MSI's
// folder.
#include "core/system_paths.hpp"

namespace awsdns {

const SystemPaths& system_paths() {
  static constexpr SystemPaths kPaths{
      "C:\\Program Files\\CLUSTERPRO\\cloud\\aws\\clpaws_setting.conf",
      "C:\\ProgramData\\awsdns\\awsdns.yaml",
      "C:\\ProgramData\\awsdns",
      "C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe",
  };
  return kPaths;
}

}  // namespace awsdns
