// resolve() with c-ares: one A/AAAA query, its sockets waited on (resolver_wait.hpp) until
// answered or the overall deadline, read from the injected Timekeeper, passes. /etc/hosts is
// deliberately not consulted: check_resolution checks DNS. resolve_host(): c-ares' getaddrinfo
// (hosts file, then DNS), never glibc's NSS modules, which a static executable cannot load (see
// ARCHITECTURE.md, "Static executable").

#include "route53/resolver.hpp"

#include <ares.h>
#include <ares_nameser.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "route53/config_checks.hpp"
#include "route53/ip_address.hpp"
#include "route53/resolver_wait.hpp"
#include "util/duration.hpp"

namespace awsdns::route53 {
namespace {

using Clock = std::chrono::steady_clock;
using launcher::Timekeeper;
using std::chrono::milliseconds;

constexpr int kMaxAddresses = 64;
constexpr int kTries = 2;  // c-ares doubles the per-try timeout: T + 2T

struct QueryState {
  RecordType type = RecordType::A;
  bool done = false;
  int status = ARES_SUCCESS;
  std::vector<std::string> addresses;
};

// Adds the canonical text of the address c-ares stored in `raw` (network byte order).
template <typename Raw>
void add_address(QueryState& state, IpFamily family, const Raw& raw) {
  static_assert(sizeof raw <= sizeof(IpAddress::bytes));
  IpAddress address;
  address.family = family;
  std::memcpy(address.bytes.data(), &raw, sizeof raw);
  if (std::string text = ip_text(address); !text.empty()) state.addresses.push_back(text);
}

void collect_addresses(QueryState& state, const unsigned char* answer, int length) {
  int count = kMaxAddresses;
  if (state.type == RecordType::A) {
    ares_addrttl records[kMaxAddresses];
    state.status = ares_parse_a_reply(answer, length, nullptr, records, &count);
    for (int i = 0; state.status == ARES_SUCCESS && i < count; ++i) {
      add_address(state, IpFamily::V4, records[i].ipaddr);
    }
  } else {
    ares_addr6ttl records[kMaxAddresses];
    state.status = ares_parse_aaaa_reply(answer, length, nullptr, records, &count);
    for (int i = 0; state.status == ARES_SUCCESS && i < count; ++i) {
      add_address(state, IpFamily::V6, records[i].ip6addr);
    }
  }
  if (state.status == ARES_SUCCESS && state.addresses.empty()) state.status = ARES_ENODATA;
}

void on_answer(void* argument, int status, int /*timeouts*/, unsigned char* answer, int length) {
  auto& state = *static_cast<QueryState*>(argument);
  state.done = true;
  state.status = status;
  if (status == ARES_SUCCESS) collect_addresses(state, answer, length);
}

void on_host(void* argument, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto& state = *static_cast<QueryState*>(argument);
  state.done = true;
  state.status = status;
  for (const ares_addrinfo_node* node = result ? result->nodes : nullptr; node;
       node = node->ai_next) {
    if (std::string text = socket_ip_text(*node->ai_addr); !text.empty()) {
      state.addresses.push_back(text);
    }
  }
  if (result) ares_freeaddrinfo(result);
  if (state.status == ARES_SUCCESS && state.addresses.empty()) state.status = ARES_ENODATA;
}

std::string failure_text(int status, const std::string& name, RecordType type,
                         const std::string& server, milliseconds timeout) {
  const std::string via = server.empty() ? "the system resolver" : "DNS server " + server;
  switch (status) {
    case ARES_ENOTFOUND:
      return "NXDOMAIN: " + name + " does not exist (" + via + ")";
    case ARES_ENODATA:
      return "no " + std::string(to_string(type)) + " record for " + name + " (" + via + ")";
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
      return "timed out after " + util::duration_text(timeout) + " waiting for " + via;
    case ARES_ECONNREFUSED:
      return "connection refused by " + via;
    case ARES_ESERVFAIL:
      return "SERVFAIL from " + via + " for " + name;
    case ARES_EREFUSED:
      return "query for " + name + " refused by " + via;
    default:
      return std::string("cannot resolve ") + name + " via " + via + ": " + ares_strerror(status);
  }
}

// Owns the channel; destroying it completes any pending query (callback sees EDESTRUCTION).
class Channel {
 public:
  Channel() = default;
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel() {
    if (channel_) ares_destroy(channel_);
  }
  int init(milliseconds timeout, int flags) {
    ares_options options{};
    options.timeout = static_cast<int>(std::max<long long>(timeout.count() / 3, 50));
    options.tries = kTries;
    options.flags = flags;
    return ares_init_options(&channel_, &options,
                             ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS);
  }
  ares_channel get() const { return channel_; }

 private:
  ares_channel channel_ = nullptr;
};

int use_server(ares_channel channel, const DnsServer& server) {
  const auto parsed = parse_ip(server.address, server.family);
  if (!parsed) return ARES_EBADSTR;
  ares_addr_port_node node{};
  node.next = nullptr;
  if (server.family == IpFamily::V4) {
    node.family = AF_INET;
    std::memcpy(&node.addr.addr4, parsed->bytes.data(), sizeof node.addr.addr4);
  } else {
    node.family = AF_INET6;
    std::memcpy(&node.addr.addr6, parsed->bytes.data(), sizeof node.addr.addr6);
  }
  node.udp_port = static_cast<int>(server.port);
  node.tcp_port = static_cast<int>(server.port);
  return ares_set_servers_ports(channel, &node);
}

// Runs the channel's sockets until the query completes or `deadline` (on `time`'s clock) passes.
void drive(ares_channel channel, QueryState& state, const Timekeeper& time,
           Clock::time_point deadline) {
  while (!state.done) {
    const auto now = time.now();
    if (now >= deadline) {
      ares_cancel(channel);  // completes the query with ARES_ECANCELLED
      state.done = true;
      state.status = ARES_ETIMEOUT;
      return;
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
    if (!wait_and_process(channel, remaining)) {
      ares_cancel(channel);
      state.done = true;
      state.status = ARES_EFILE;
      return;
    }
  }
}

// Initialises c-ares once; fails when it is not usable.
util::Expected<> library_ready() {
  static std::once_flag library_once;
  static int library_status = ARES_SUCCESS;
  std::call_once(library_once, [] { library_status = ares_library_init(ARES_LIB_INIT_ALL); });
  if (library_status == ARES_SUCCESS) return {};
  return util::fail(std::string("c-ares initialisation failed: ") + ares_strerror(library_status));
}

// The de-duplicated addresses of a finished query (sorted, or in the resolver's order), or its
// failure described by `why`.
template <typename Describe>
Resolution finish(QueryState& state, bool sorted, Describe why) {
  if (state.status != ARES_SUCCESS) return util::fail(why(state.status));
  if (sorted) std::sort(state.addresses.begin(), state.addresses.end());
  std::vector<std::string> addresses;
  for (auto& address : state.addresses) {
    if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
      addresses.push_back(std::move(address));
    }
  }
  return addresses;
}

}  // namespace

Resolution resolve(const std::string& name, RecordType type, const std::string& server,
                   std::chrono::milliseconds timeout, const Timekeeper& time) {
  const auto deadline = time.now() + timeout;
  if (auto ready = library_ready(); !ready) return ready.error();
  std::optional<DnsServer> dns_server;
  if (!server.empty()) {
    dns_server = parse_dns_server(server);
    if (!dns_server) {
      return util::fail("'" + server +
                        "' is not a DNS server address (IP, IP:PORT or [IPv6]:PORT)");
    }
  }
  QueryState state;
  state.type = type;
  {
    Channel channel;
    int status = channel.init(timeout, ARES_FLAG_NOSEARCH);
    if (status == ARES_SUCCESS && dns_server) status = use_server(channel.get(), *dns_server);
    if (status != ARES_SUCCESS) {
      return util::fail(std::string("cannot set up the DNS resolver: ") + ares_strerror(status));
    }
    ares_query(channel.get(), name.c_str(), C_IN, type == RecordType::A ? T_A : T_AAAA, on_answer,
               &state);
    drive(channel.get(), state, time, deadline);
  }
  return finish(state, true,
                [&](int status) { return failure_text(status, name, type, server, timeout); });
}

Resolution resolve_host(const std::string& host, std::chrono::milliseconds timeout,
                        const Timekeeper& time) {
  const auto deadline = time.now() + timeout;
  if (auto ready = library_ready(); !ready) return ready.error();
  QueryState state;
  {
    Channel channel;
    // No ARES_FLAG_NOSEARCH: a short name gets the search domains, as with the system resolver.
    if (const int status = channel.init(timeout, 0); status != ARES_SUCCESS) {
      return util::fail(std::string("cannot set up the resolver: ") + ares_strerror(status));
    }
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    // No service: a service name would be looked up with getservbyname (glibc NSS).
    ares_getaddrinfo(channel.get(), host.c_str(), nullptr, &hints, on_host, &state);
    drive(channel.get(), state, time, deadline);
  }
  // c-ares orders the addresses as getaddrinfo does (RFC 6724): the order to connect in.
  return finish(state, false, [&](int status) {
    if (status == ARES_ETIMEOUT || status == ARES_ECANCELLED) {
      return "timed out after " + util::duration_text(timeout) + " resolving " + host;
    }
    return "cannot resolve " + host + " (hosts file, DNS): " + ares_strerror(status);
  });
}

}  // namespace awsdns::route53
