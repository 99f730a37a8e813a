// read_trusted_file: read_file_facts, then the size limit and trust_problems.

#include "util/trusted_file.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "util/file_reader.hpp"
#include "util/text.hpp"

namespace awsdns::util {
namespace {

FileRefusal refusal(std::string problem, bool missing = false) {
  FileRefusal refused;
  refused.missing = missing;
  refused.problems.push_back(std::move(problem));
  return refused;
}

}  // namespace

void throw_exception_from_error(const FileRefusal& refusal,
                                const boost::source_location& /*where*/) {
  throw std::runtime_error(join(refusal.problems, "; "));
}

Expected<std::string, FileRefusal> read_trusted_file(const std::string& path,
                                                     std::size_t size_limit, unsigned caller_uid,
                                                     const std::string& what) {
  using Status = FileFacts::Status;
  // One byte beyond the limit tells a file over it (or one that grew after fstat).
  FileFacts facts = read_file_facts(path, size_limit + 1);
  switch (facts.status) {
    case Status::Missing:
      return refusal(what + " not found (" + facts.os_error + ")", true);
    case Status::NotRegular:
      return refusal("the " + what + " is " + facts.kind + ", not a regular file");
    case Status::Failed:
      return refusal("cannot read the " + what + ": " + facts.os_error);
    case Status::Read:
      break;
  }
  FileRefusal refused;
  refused.problems = trust_problems(facts, path, caller_uid, "the " + what);
  // The size fstat reported (the real one, however large), or what was read when it grew since.
  const std::uint64_t size = std::max<std::uint64_t>(facts.size, facts.content.size());
  if (size > size_limit) {
    refused.problems.push_back("the " + what + " is too large: " + std::to_string(size) +
                               " bytes (limit " + std::to_string(size_limit) + ")");
  }
  if (!refused.problems.empty()) return refused;
  return std::move(facts.content);
}

}  // namespace awsdns::util
