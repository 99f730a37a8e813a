// check --live's proxy probe: host and port from a proxy URL, and a bounded connect on loopback.
// Host names (resolve_host via the hosts file) are covered by e2e/test_static_binary.py, which
// controls /etc/hosts and /etc/resolv.conf in a mount namespace of its own.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "route53/resolver.hpp"
#include "route53/tcp_probe.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;

namespace {

// The real clock, which tcp_probe() and resolve_host() read through a Timekeeper.
const awsdns::launcher::Timekeeper& system_time() {
  static const auto time = awsdns::launcher::make_system_timekeeper();
  return *time;
}

}  // namespace

TEST_CASE("host and port of proxy URLs", "[route53][probe]") {
  CHECK(proxy_host_port("http://user:p@ss@10.0.0.1:3128/").host == "10.0.0.1");
  CHECK(proxy_host_port("http://user:p@ss@10.0.0.1:3128/").port == 3128);
  CHECK(proxy_host_port("proxy.example").port == 80);
  CHECK(proxy_host_port("https://proxy.example").port == 443);
  CHECK(proxy_host_port("http://[fd00::1]:8080").host == "fd00::1");
  CHECK(proxy_host_port("http://[fd00::1]:8080").port == 8080);
  CHECK(proxy_host_port("http://10.0.0.1:notaport").port == 0);
}

TEST_CASE("a bounded TCP connect on loopback: listening, then closed", "[route53][probe]") {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const HostPort target{"127.0.0.1", ntohs(address.sin_port)};
  CHECK(tcp_probe(target, 2s, system_time()).empty());
  ::close(listener);
  CHECK_FALSE(tcp_probe(target, 2s, system_time()).empty());  // refused now
}

TEST_CASE("IP literals are used as they are, without a resolver", "[route53][probe]") {
  const Resolution v4 = resolve_host("127.0.0.1", 2s, system_time());
  REQUIRE(v4.ok);
  CHECK(v4.addresses == std::vector<std::string>{"127.0.0.1"});
  const Resolution v6 = resolve_host("::1", 2s, system_time());
  REQUIRE(v6.ok);
  CHECK(v6.addresses == std::vector<std::string>{"::1"});
  // A closed port on an IPv6 literal: refused, not a resolution failure.
  const int listener = ::socket(AF_INET6, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(listener);  // bound once, so the port is free now and nobody listens on it
  const std::string problem = tcp_probe({"::1", ntohs(address.sin6_port)}, 2s, system_time());
  CHECK_THAT(problem, Catch::Contains("refused"));
}
