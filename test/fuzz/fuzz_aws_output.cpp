// libFuzzer target: what awsdns reads back from the AWS CLI — its JSON stdout (ChangeInfo of
// change-resource-record-sets / get-change, ResourceRecordSets of list-resource-record-sets) and
// the classification of its stderr (cli_errors.hpp). Untrusted bytes: a proxy or a broken CLI
// may print anything.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "route53/aws_cli.hpp"
#include "route53/route53_api.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsdns::route53;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string code = aws_error_code(text);
  require(code.size() <= text.size());
  awsdns::launcher::RunResult run;
  run.outcome = awsdns::launcher::Outcome::Exited;
  run.exit_code = size > 0 ? data[0] : 255;
  run.stderr_text = std::string(text);
  const Classification classified = classify_run(run);
  require(classified.message.size() <= text.size() + 100);
  require(classified.error_code.size() <= text.size());
  (void)is_transient(classified.error);

  boost::system::error_code error;
  const boost::json::value output = boost::json::parse(text, error);
  if (error) return 0;
  if (const auto info = parse_change_info(output)) {
    require(info->id.size() <= text.size());
  }
  if (const auto records = parse_record_sets(output)) {
    for (const RecordSet& record : *records) require(record.name.size() <= text.size());
  }
  return 0;
}
