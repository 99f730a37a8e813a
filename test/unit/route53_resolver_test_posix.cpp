// resolve() against a real dnsmasq on loopback, an unanswering server and NXDOMAIN.
// The system-resolver path ("") is not exercised here: it would query the machine's real DNS.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "route53/resolver.hpp"

extern char** environ;

using namespace awsdns::route53;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// The real clock, which resolve() reads through a Timekeeper.
const awsdns::launcher::Timekeeper& system_time() {
  static const auto time = awsdns::launcher::make_system_timekeeper();
  return *time;
}

const char* kDnsmasq = "/usr/sbin/dnsmasq";

// A UDP socket bound to `address`:0; nothing is ever read from it (an "unanswering server").
class SilentUdpSocket {
 public:
  explicit SilentUdpSocket(const char* address) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in bound{};
    bound.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, address, &bound.sin_addr) == 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&bound), sizeof bound) == 0);
    socklen_t length = sizeof bound;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length) == 0);
    port_ = ntohs(bound.sin_port);
  }
  ~SilentUdpSocket() { close(); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  unsigned port() const { return port_; }

 private:
  int fd_ = -1;
  unsigned port_ = 0;
};

// dnsmasq serving test.clusterpro.local (A) and v6.clusterpro.local (AAAA), authoritative for
// clusterpro.local (unknown names there are NXDOMAIN). Stopped and reaped on destruction.
class Dnsmasq {
 public:
  static constexpr const char* kAddress = "127.0.0.53";

  Dnsmasq() {
    {
      SilentUdpSocket probe(kAddress);  // a free port, released just before dnsmasq takes it
      port_ = probe.port();
    }
    std::vector<std::string> args = {kDnsmasq,
                                     "--keep-in-foreground",
                                     "--conf-file=/dev/null",
                                     "--pid-file=",
                                     "--port=" + std::to_string(port_),
                                     std::string("--listen-address=") + kAddress,
                                     "--bind-interfaces",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--log-facility=/dev/null",
                                     "--local=/clusterpro.local/",
                                     "--host-record=test.clusterpro.local,10.0.110.100",
                                     "--host-record=v6.clusterpro.local,2001:db8::5",
                                     "--host-record=multi.clusterpro.local,10.0.0.2",
                                     "--host-record=multi.clusterpro.local,10.0.0.1"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    REQUIRE(::posix_spawn(&pid_, kDnsmasq, nullptr, nullptr, argv.data(), environ) == 0);
    if (const std::string problem = wait_until_ready(); !problem.empty()) {
      stop();  // the destructor does not run when the constructor fails
      FAIL(problem);
    }
  }
  ~Dnsmasq() { stop(); }
  std::string server() const { return std::string(kAddress) + ":" + std::to_string(port_); }

 private:
  // Ready when it answers (it binds within milliseconds; a slow machine gets 10 s); else why not.
  std::string wait_until_ready() {
    const auto give_up = Clock::now() + 10s;
    while (Clock::now() < give_up) {
      if (resolve("test.clusterpro.local.", RecordType::A, server(), 200ms, system_time())
              .has_value())
        return {};
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return "dnsmasq exited before answering (status " + std::to_string(status) + ")";
      }
      std::this_thread::sleep_for(50ms);
    }
    return "dnsmasq did not answer on " + server();
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace

TEST_CASE("resolver: answers from a DNS server on loopback") {
  Dnsmasq dns;
  SECTION("A record, with or without the trailing dot") {
    for (const char* name :
         {"test.clusterpro.local.", "test.clusterpro.local", "TEST.ClusterPro.Local."}) {
      INFO(name);
      const Resolution result = resolve(name, RecordType::A, dns.server(), 5s, system_time());
      INFO((result ? "" : result.error().message));
      REQUIRE(result.has_value());
      CHECK(*result == std::vector<std::string>{"10.0.110.100"});
    }
  }
  SECTION("AAAA record in canonical form") {
    const Resolution result =
        resolve("v6.clusterpro.local.", RecordType::AAAA, dns.server(), 5s, system_time());
    INFO((result ? "" : result.error().message));
    REQUIRE(result.has_value());
    CHECK(*result == std::vector<std::string>{"2001:db8::5"});
  }
  SECTION("several addresses come back sorted") {
    const Resolution result =
        resolve("multi.clusterpro.local.", RecordType::A, dns.server(), 5s, system_time());
    INFO((result ? "" : result.error().message));
    REQUIRE(result.has_value());
    CHECK(*result == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});
  }
  SECTION("NXDOMAIN") {
    const Resolution result =
        resolve("absent.clusterpro.local.", RecordType::A, dns.server(), 5s, system_time());
    CHECK_FALSE(result.has_value());
    CHECK_THAT(result.error().message,
               Catch::StartsWith("NXDOMAIN: absent.clusterpro.local. does not exist"));
  }
  SECTION("name exists without a record of the type") {
    const Resolution result =
        resolve("test.clusterpro.local.", RecordType::AAAA, dns.server(), 5s, system_time());
    CHECK_FALSE(result.has_value());
    CHECK_THAT(result.error().message,
               Catch::StartsWith("no AAAA record for test.clusterpro.local."));
  }
}

TEST_CASE("resolver: a server that never answers times out within the bound") {
  SilentUdpSocket silent("127.0.0.54");
  const std::string server = "127.0.0.54:" + std::to_string(silent.port());
  const auto started = Clock::now();
  const Resolution result =
      resolve("test.clusterpro.local.", RecordType::A, server, 700ms, system_time());
  const auto elapsed = Clock::now() - started;
  CHECK_FALSE(result.has_value());
  CHECK_THAT(result.error().message,
             Catch::Contains("timed out after 700 ms") && Catch::Contains(server));
  CHECK(elapsed >= 600ms);
  CHECK(elapsed < 5s);
}

TEST_CASE("resolver: a closed port fails without waiting for long") {
  unsigned port = 0;
  {
    SilentUdpSocket probe("127.0.0.55");
    port = probe.port();
  }
  const auto started = Clock::now();
  const Resolution result = resolve("test.clusterpro.local.", RecordType::A,
                                    "127.0.0.55:" + std::to_string(port), 2s, system_time());
  CHECK_FALSE(result.has_value());
  // Linux reports the ICMP port-unreachable to the UDP socket: refused, not a 2 s wait.
  CHECK_THAT(result.error().message,
             Catch::Contains("connection refused by DNS server 127.0.0.55:"));
  CHECK(Clock::now() - started < 6s);
}

TEST_CASE("resolver: a malformed server is an error, not a query") {
  const Resolution result =
      resolve("test.clusterpro.local.", RecordType::A, "dns.example.com", 1s, system_time());
  CHECK_FALSE(result.has_value());
  CHECK_THAT(result.error().message, Catch::Contains("is not a DNS server address"));
}
