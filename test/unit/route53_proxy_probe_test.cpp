// The CONNECT probe against small proxies on 127.0.0.1, each an Asio acceptor on a thread of its
// own: what the probe sends (the CONNECT line, Host, Proxy-Authorization) and how it reads the
// answer; the Route 53 endpoint of a configuration. Host names of proxies (resolve_host via the
// hosts file) are covered by e2e/test_static_binary.py, which controls /etc/hosts.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "route53/proxy_probe.hpp"
#include "route53/resolver.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// The real clock, which probe_proxy() and resolve_host() read through a Timekeeper.
const awsdns::launcher::Timekeeper& system_time() {
  static const auto time = awsdns::launcher::make_system_timekeeper();
  return *time;
}

// A one-connection proxy on 127.0.0.1: reads the request head, then answers `answer`; with an
// empty answer it keeps the connection open and silent, or closes it (`close_silently`).
class FakeProxy {
 public:
  explicit FakeProxy(std::string answer, bool close_silently = false)
      : answer_(std::move(answer)), close_silently_(close_silently) {
    acceptor_.async_accept(socket_, [this](const boost::system::error_code& error) {
      if (!error) read_request();
    });
    thread_ = std::thread([this] { io_.run(); });
  }
  FakeProxy(const FakeProxy&) = delete;
  FakeProxy& operator=(const FakeProxy&) = delete;
  ~FakeProxy() {
    io_.stop();
    thread_.join();
  }

  unsigned short port() const { return port_; }
  std::string url(const std::string& userinfo = "") const {
    return "http://" + userinfo + "127.0.0.1:" + std::to_string(port_);
  }
  // The request head received so far.
  std::string request() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return request_;
  }

 private:
  void read_request() {
    asio::async_read_until(socket_, asio::dynamic_buffer(buffer_), "\r\n\r\n",
                           [this](const boost::system::error_code& error, std::size_t) {
                             if (error) return;
                             {
                               const std::lock_guard<std::mutex> lock(mutex_);
                               request_ = buffer_;
                             }
                             if (close_silently_) socket_.close();
                             if (!answer_.empty()) {
                               asio::async_write(
                                   socket_, asio::buffer(answer_),
                                   [](const boost::system::error_code&, std::size_t) {});
                             }
                           });
  }

  asio::io_context io_;
  tcp::acceptor acceptor_{io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  tcp::socket socket_{io_};
  const unsigned short port_ = acceptor_.local_endpoint().port();
  const std::string answer_;
  const bool close_silently_;
  std::string buffer_;
  mutable std::mutex mutex_;
  std::string request_;
  std::thread thread_;
};

// A port on 127.0.0.1 nobody listens on (bound once, then closed).
unsigned short closed_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

Endpoint route53_global() {
  return {"https://route53.amazonaws.com", "https", "route53.amazonaws.com", 443};
}

}  // namespace

TEST_CASE("a tunnel accepted: CONNECT host:port with Host, no credentials", "[route53][probe]") {
  FakeProxy proxy("HTTP/1.1 200 Connection established\r\n\r\n");
  const auto probe = probe_proxy(proxy.url(), route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::TunnelAccepted);
  CHECK(class_of_verdict(probe.verdict) == ErrorClass::None);
  CHECK(proxy.request() ==
        "CONNECT route53.amazonaws.com:443 HTTP/1.1\r\nHost: route53.amazonaws.com:443\r\n\r\n");
  CHECK(probe.text() == "the proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                            " answered CONNECT route53.amazonaws.com:443 with \"200 Connection "
                            "established\"");
}

TEST_CASE("407: Basic credentials percent-decoded as botocore sends them", "[route53][probe]") {
  FakeProxy proxy("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
  // user "tester", password "p@ss#w:rd" (percent-encoded in the URL, as the AWS CLI gets it)
  const auto probe =
      probe_proxy(proxy.url("tester:p%40ss%23w:rd@"), route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::AuthRequired);
  CHECK(class_of_verdict(probe.verdict) == ErrorClass::ProxyAuth);
  CHECK(probe.answer == "407 Proxy Authentication Required");
  // base64("tester:p@ss#w:rd")
  CHECK_THAT(proxy.request(),
             Catch::Contains("\r\nProxy-Authorization: Basic dGVzdGVyOnBAc3MjdzpyZA==\r\n"));
  CHECK_THAT(probe.text(), !Catch::Contains("tester"));
}

TEST_CASE("no Proxy-Authorization without both a user and a password", "[route53][probe]") {
  FakeProxy proxy("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
  probe_proxy(proxy.url("tester@"), route53_global(), 5s, system_time());
  CHECK_THAT(proxy.request(), !Catch::Contains("Proxy-Authorization"));
}

TEST_CASE("403 and other 4xx: the proxy's rules refuse the tunnel", "[route53][probe]") {
  for (const char* answer :
       {"HTTP/1.1 403 Forbidden\r\n\r\n", "HTTP/1.0 400 Bad Request\r\n\r\n"}) {
    FakeProxy proxy(answer);
    const auto probe = probe_proxy(proxy.url(), route53_global(), 5s, system_time());
    CHECK(probe.verdict == ProxyVerdict::Refused);
    CHECK(class_of_verdict(probe.verdict) == ErrorClass::ProxyDenied);
  }
}

TEST_CASE("502, 503, 504: the proxy could not reach the endpoint (transient)", "[route53][probe]") {
  for (const char* answer :
       {"HTTP/1.1 502 Bad Gateway\r\n\r\n", "HTTP/1.1 503 Service Unavailable\r\n\r\n",
        "HTTP/1.1 504 Gateway Timeout\r\n\r\n"}) {
    FakeProxy proxy(answer);
    const auto probe = probe_proxy(proxy.url(), route53_global(), 5s, system_time());
    CHECK(probe.verdict == ProxyVerdict::EndpointUnreachable);
    CHECK(is_transient(class_of_verdict(probe.verdict)));
  }
}

TEST_CASE("no proxy's answer: not HTTP, or an odd status", "[route53][probe]") {
  for (const char* answer : {"SSH-2.0-OpenSSH_9.2\r\n", "HTTP/1.1 301 Moved\r\n\r\n"}) {
    FakeProxy proxy(answer);
    const auto probe = probe_proxy(proxy.url(), route53_global(), 5s, system_time());
    CHECK(probe.verdict == ProxyVerdict::OtherAnswer);
    CHECK(class_of_verdict(probe.verdict) == ErrorClass::ProxyUnreachable);
  }
}

TEST_CASE("a proxy that never answers: no connection after the timeout", "[route53][probe]") {
  FakeProxy proxy("");
  const auto start = std::chrono::steady_clock::now();
  const auto probe = probe_proxy(proxy.url(), route53_global(), 300ms, system_time());
  CHECK(probe.verdict == ProxyVerdict::NoConnection);
  CHECK(probe.problem == "no answer within 300 ms");
  CHECK(std::chrono::steady_clock::now() - start < 10s);  // catches a hang only
  CHECK_THAT(proxy.request(), Catch::StartsWith("CONNECT "));
}

TEST_CASE("a proxy that closes without an answer", "[route53][probe]") {
  FakeProxy proxy("", true);
  const auto probe = probe_proxy(proxy.url(), route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::NoConnection);
  CHECK(probe.problem == "it closed the connection without an answer");
}

TEST_CASE("a closed port: refused", "[route53][probe]") {
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port());
  const auto probe = probe_proxy(url, route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::NoConnection);
  CHECK_THAT(probe.problem, Catch::Contains("refused"));
  CHECK(class_of_verdict(probe.verdict) == ErrorClass::ProxyUnreachable);
}

TEST_CASE("a closed port on an IPv6 literal: refused", "[route53][probe][posix]") {
  asio::io_context io;
  unsigned short port = 0;
  {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("::1"), 0));
    port = acceptor.local_endpoint().port();
  }
  const auto probe =
      probe_proxy("http://[::1]:" + std::to_string(port), route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::NoConnection);
  CHECK(probe.proxy == "[::1]:" + std::to_string(port));
  CHECK_THAT(probe.problem, Catch::Contains("refused"));
}

TEST_CASE("an http:// endpoint: the proxy is only connected to", "[route53][probe]") {
  FakeProxy proxy("HTTP/1.1 403 Forbidden\r\n\r\n");
  const Endpoint plain{"http://127.0.0.2:8053", "http", "127.0.0.2", 8053};
  const auto probe = probe_proxy(proxy.url(), plain, 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::Connected);
  CHECK(proxy.request().empty());
}

TEST_CASE("an https:// proxy is not probed", "[route53][probe]") {
  const auto probe = probe_proxy("https://127.0.0.1:1", route53_global(), 5s, system_time());
  CHECK(probe.verdict == ProxyVerdict::NotProbed);
  CHECK(class_of_verdict(probe.verdict) == ErrorClass::None);
}

TEST_CASE("the Route 53 endpoint: --endpoint-url, else global or China", "[route53][probe]") {
  AwsSettings settings;
  awsdns::envfile::Environment env;
  CHECK(route53_endpoint(settings, env).authority() == "route53.amazonaws.com:443");
  settings.region = "cn-north-1";
  CHECK(route53_endpoint(settings, env).authority() == "route53.amazonaws.com.cn:443");
  settings.region.clear();
  env["AWS_DEFAULT_REGION"] = "cn-northwest-1";
  CHECK(route53_endpoint(settings, env).host == "route53.amazonaws.com.cn");
  settings.extra_args = {"--debug", "--endpoint-url", "http://127.0.0.2:8053/"};
  const auto plain = route53_endpoint(settings, env);
  CHECK((plain.scheme == "http" && plain.authority() == "127.0.0.2:8053"));
  settings.extra_args = {"--endpoint-url=HTTPS://[fd00::5]"};
  const auto v6 = route53_endpoint(settings, env);
  CHECK((v6.scheme == "https" && v6.authority() == "[fd00::5]:443"));
}

TEST_CASE("IP literals are used as they are, without a resolver", "[route53][probe]") {
  const Resolution v4 = resolve_host("127.0.0.1", 2s, system_time());
  REQUIRE(v4.has_value());
  CHECK(*v4 == std::vector<std::string>{"127.0.0.1"});
  const Resolution v6 = resolve_host("::1", 2s, system_time());
  REQUIRE(v6.has_value());
  CHECK(*v6 == std::vector<std::string>{"::1"});
}
