// core/system_paths.hpp on Linux: CLUSTERPRO X for Linux's folder, the FHS places, and where the
// AWS CLI's installers put it: the distribution's package (/usr/bin/aws), AWS's own v2 installer
// and pip's v1 (/usr/local/bin/aws), the snap (/snap/bin/aws).
#include "core/system_paths.hpp"

namespace awsdns {
namespace {

constexpr const char* kAwsCliPlaces[] = {"/usr/bin/aws", "/usr/local/bin/aws", "/snap/bin/aws"};

}  // namespace

const SystemPaths& system_paths() {
  static constexpr SystemPaths kPaths{
      "/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf",
      "/etc/awsdns/awsdns.yaml",
      "/run/awsdns",
      kAwsCliPlaces,
  };
  return kPaths;
}

}  // namespace awsdns
