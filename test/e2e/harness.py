"""End-to-end test harness for awsdns (Python 3 stdlib only, loopback only).

Fixtures, each a `Service` with start()/stop() usable as a context manager and registered for
clean-up at interpreter exit (and killed by the kernel if the test process dies: PDEATHSIG):
  Route53Emulator  test/emulators/route53_emulator.py on 127.0.0.2 (control API wrappers)
  ImdsEmulator     test/emulators/imds_emulator.py on 127.0.0.3
  Squid            a real squid on 127.0.0.1 (own config, optional Basic auth, access log parser)
  Dnsmasq          a real DNS server on 127.0.0.53:PORT answering given name -> IP records
  Unbound          a real caching resolver on 127.0.0.55:PORT in front of the emulator's DNS side
and in-process helpers: dns_lookup (a DNS query -> rcode, flags, records with TTLs), BlackHole (accepts, never answers), ClosedPort (connection refused).

Running things:
  base_env(...)       the offline environment for awsdns / the AWS CLI, with a run marker
  run(argv, env)      runs a command with a timeout in its own session -> RunResult
  run_awsdns(args)    runs $AWSDNS_BIN;  run_aws(args, endpoint_url=...) runs /usr/bin/aws
  spawn(argv, env)    starts a command in the background (signal tests) -> Spawned
  survivors(run_id)   processes still carrying the run marker (nothing may survive a run)
Files: write_settings_file(), write_yaml_config(), to_yaml(), route53_config().
`E2ETestCase` adds assertExit() / assertNoSurvivors() with the run's output in the message.

Typical module:
    def setUpModule():
        global SQUID, R53
        SQUID = harness.Squid().start(); unittest.addModuleCleanup(SQUID.stop)
        R53 = harness.Route53Emulator().start(); unittest.addModuleCleanup(R53.stop)
"""

# The implementation is split by topic; everything is re-exported here: use `harness.NAME`.
from harness_core import *  # noqa: F401,F403
from harness_core import _DIRECT, stop_all  # noqa: F401
from harness_emulators import *  # noqa: F401,F403
from harness_files import *  # noqa: F401,F403
from harness_network import *  # noqa: F401,F403
from harness_resolver import *  # noqa: F401,F403
from harness_run import *  # noqa: F401,F403
