#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/surroundings.hpp"
#include "envfile/aws_environment.hpp"
#include "util/environment.hpp"

namespace awsdns::cli {

Invocation capture_invocation(int argc, char** argv, char** envp, std::ostream& out,
                              std::ostream& err) {
  Invocation invocation;
  const std::string called = argc > 0 && argv[0] != nullptr ? argv[0] : "awsdns";
  const auto slash = called.find_last_of('/');
  invocation.program = slash == std::string::npos ? called : called.substr(slash + 1);
  for (int i = 1; i < argc; ++i) invocation.args.emplace_back(argv[i]);
  invocation.parent_env = util::environment_from_envp(envp);
  invocation.uid = static_cast<unsigned>(getuid());
  // Read by hand, not getpwuid(): a static executable cannot load the distribution's NSS modules.
  std::ifstream passwd("/etc/passwd", std::ios::binary);
  std::ostringstream passwd_text;
  passwd_text << passwd.rdbuf();
  invocation.home = envfile::home_from_passwd(passwd_text.str(), static_cast<unsigned>(geteuid()));
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof host - 1) == 0) {
    invocation.hostname = host;
    if (const auto dot = invocation.hostname.find('.'); dot != std::string::npos) {
      invocation.hostname.resize(dot);  // the short host name is the node name
    }
  }
  invocation.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
  invocation.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
  invocation.out = &out;
  invocation.err = &err;
  return invocation;
}

}  // namespace awsdns::cli
