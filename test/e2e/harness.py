"""End-to-end test harness for awsdns (Python 3 stdlib only, loopback only).

Where it runs: in a network namespace whose only interface is loopback (ctest starts every
module through loopback_netns.sh); importing the harness anywhere else raises RuntimeError,
unless the module is one of HOST_NETWORK_MODULES (with the reason).

The real path: AWS is HTTPS, so the Route 53 emulator serves HTTPS with a certificate of the
test run's CA (run_ca(), made at first use; `run_ca().bundle` is the AWS_CA_BUNDLE a test puts
into the settings file: aws_settings(proxy) gives those values), and the AWS CLI reaches it
through squid with CONNECT. Squid connects out from PROXY_SOURCE (127.0.0.9), so the emulator's
log marks tunnelled requests via_proxy although a tunnel adds no header; squid's access log has
one CONNECT line per connection (Squid.tunnels()), not one per request.

Fixtures, each a `Service` with start()/stop() usable as a context manager and registered for
clean-up at interpreter exit (and killed by the kernel if the test process dies: PDEATHSIG):
  Route53Emulator  test/emulators/route53_emulator.py on 127.0.0.2: endpoint_url (https),
                   authority (HOST:PORT), ca_bundle, control API wrappers (plain http, base_url);
                   plain_http=True also serves the API on plain http (plain_endpoint_url);
                   set_budget()/budget(): Route 53's request budget (off by default)
  ImdsEmulator     test/emulators/imds_emulator.py on 127.0.0.3 (plain http, as the real IMDS)
  Squid            a real squid on 127.0.0.1 (own config, optional Basic auth, deny_connect,
                   access log parser)
  Dnsmasq          a real DNS server on 127.0.0.53:PORT answering given name -> IP records
  Unbound          a real caching resolver on 127.0.0.55:PORT in front of the emulator's DNS side
and in-process helpers: dns_lookup (a DNS query -> rcode, flags, records with TTLs), BlackHole (accepts, never answers), ClosedPort (connection refused).

Running things:
  base_env(...)       the offline environment for awsdns / the AWS CLI, with a run marker
  run(argv, env)      runs a command with a timeout in its own session -> RunResult
  run_awsdns(args)    runs $AWSDNS_BIN;  run_aws(args, env, endpoint_url, proxy=...) runs
                      /usr/bin/aws directly with cli_env(env, proxy) (the run's CA trusted)
  spawn(argv, env)    starts a command in the background (signal tests) -> Spawned
  survivors(run_id)   processes still carrying the run marker (nothing may survive a run)
Files: write_settings_file(), aws_settings(), write_yaml_config(), to_yaml(), route53_config().
`E2ETestCase` adds assertExit() / assertNoSurvivors() with the run's output in the message.

Typical module:
    def setUpModule():
        global SQUID, R53
        SQUID = harness.Squid().start(); unittest.addModuleCleanup(SQUID.stop)
        R53 = harness.Route53Emulator().start(); unittest.addModuleCleanup(R53.stop)
    ...
        settings = harness.write_settings_file(directory, harness.aws_settings(SQUID.url))
        config = harness.write_yaml_config(directory, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=settings))
"""

# The implementation is split by topic; each public name is re-exported here: use `harness.NAME`.
from harness_core import (AWS_CLI, BUILD_DIR, DNSMASQ_BIN, DNS_HOST, DUMMY_ACCESS_KEY_ID,
                          DUMMY_SECRET_ACCESS_KEY, EMULATORS_DIR, HERE, HOST_NETWORK_MODULES,
                          HTPASSWD_BIN, IMDS_HOST, NCSA_AUTH, PROXY_HOST, PROXY_SOURCE,
                          PROXY_VARIABLES, PYTHON, ROUTE53_HOST, RUN_MARKER, SAFE_PATH, SOURCE_DIR,
                          SQUID_BIN, Service, aws_cli_generation, awsdns_bin, find_aws_cli_v1,
                          free_port, http_json, interfaces_up, make_temp_dir, port_open,
                          require_loopback_only_network, stop_all, wait_until)
from harness_emulators import ImdsEmulator, Route53Emulator
from harness_files import (TEST_PASS_ENV, aws_settings, route53_config, to_yaml,
                           write_settings_file, write_yaml_config)
from harness_network import BlackHole, ClosedPort, Dnsmasq, Squid, dns_query
from harness_resolver import (QTYPES, RCODES, RESOLVER_HOST, UNBOUND_BIN, UNBOUND_CHECKCONF,
                              UNBOUND_CONTROL, DnsAnswer, Unbound, dns_lookup)
from harness_run import (E2ETestCase, RunResult, Spawned, base_env, cli_env, files_under,
                         kill_marked, new_run_id, processes_with_marker, read_terminal, run,
                         run_aws, run_awsdns, spawn, survivors)
from harness_tls import CertificateAuthority, run_ca

require_loopback_only_network()
