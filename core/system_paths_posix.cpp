// core/system_paths.hpp on Linux: CLUSTERPRO X for Linux's folder, the FHS places, the AWS CLI
// of the distribution's or AWS's package (/usr/bin/aws; AWS's installer links it there too).
#include "core/system_paths.hpp"

namespace awsdns {

const SystemPaths& system_paths() {
  static constexpr SystemPaths kPaths{
      "/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf",
      "/etc/awsdns/awsdns.yaml",
      "/run/awsdns",
      "/usr/bin/aws",
  };
  return kPaths;
}

}  // namespace awsdns
