#pragma once
// The AWS CLI's own INSYNC waiter as awsdns defines it: botocore's ResourceRecordSetsChanged with
// the resource's poll interval, as many polls as wait_timeout holds, success on INSYNC and "retry"
// on throttling and 5xx answers. Both AWS CLI generations read waiter definitions from the
// directories of AWS_DATA_PATH before their bundled ones, and any service model or endpoint data
// too, so the definition lives in awsdns's own runtime directory (the lock directory), in a
// subdirectory named by its content, every directory on the way held to the trust rule.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "route53/config.hpp"

namespace awsdns::route53 {

/// The waiter's name in botocore's model: `aws route53 wait resource-record-sets-changed`.
inline constexpr std::string_view kWaiterName = "ResourceRecordSetsChanged";

/// The directory, below an AWS_DATA_PATH entry, of the file botocore reads route53's waiters from.
inline constexpr std::string_view kWaiterModelDirectory = "route53/2013-04-01";

/// That file's name.
inline constexpr std::string_view kWaiterFileName = "waiters-2.json";

/// The seconds between polls while Route 53 throttles this account (a fleet is failing over and
/// its changes need the shared budget), unless wait_timeout is short (see below).
inline constexpr int kContendedPollInterval = 30;

/// The poll interval of `resource`'s waiter while the account is contended: kContendedPollInterval,
/// at most a quarter of wait_timeout (the wait still polls a few times), at least poll_interval.
int contended_poll_interval(const Resource& resource);

/// How many GetChange polls the waiter makes at `interval_s` (default: the resource's
/// poll_interval): one per interval for as long as wait_timeout lasts, the last one an interval
/// before it (room for the CLI's start and the requests), so the waiter gives up by itself at
/// wait_timeout; at least one.
int waiter_max_attempts(const Resource& resource, int interval_s = 0);

/// The waiter definition for `resource` polling every `interval_s` (default: its poll_interval):
/// JSON text in botocore's waiter format, version 2.
std::string waiter_definition(const Resource& resource, int interval_s = 0);

/// The name of the directory of `definition`: "waiter-" and 16 hex digits of a hash of its text
/// (resources with other settings get other directories; equal ones share one).
std::string waiter_directory_name(std::string_view definition);

/// Writes `definition` to LOCK_DIR/aws-data/NAME/route53/2013-04-01/waiters-2.json (NAME:
/// waiter_directory_name). The lock directory and each directory below it are opened in turn by
/// util::open_trusted_directory (walked from the root, created owner-only when missing) and the
/// file is replaced atomically relative to the last one. A directory someone other than root or
/// `caller_uid` owns or may write is refused: the AWS CLI would load whatever models it holds.
/// Returns the directory for AWS_DATA_PATH; fails with Config when a directory is refused (the
/// message says the path and the fix), Failed when the file cannot be written.
Result<std::string> install_waiter_definition(const std::string& lock_dir, unsigned caller_uid,
                                              const std::string& definition);

}  // namespace awsdns::route53
