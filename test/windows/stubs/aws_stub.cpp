// A stand-in for the AWS CLI in the Windows hook tests (copied as aws.exe into a test folder).
// awsdns gives its AWS CLI an environment built from scratch, so the stub is steered by files
// next to itself, never by its environment:
//   aws_stub.log            each run appends "run", then "arg\t<argument>" per argument and
//                           "env\t<NAME=value>" per variable (UTF-8), then "end"
//   <operation>.stdout      printed instead of the built-in answer (operation = argv's second
//   <operation>.stderr      word, e.g. get-change); .stderr is printed to standard error and
//   <operation>.exit        .exit (a number) is the exit code (default 0), e.g. a copy of
//                           test/data/aws_stderr/v2/throttling.{stderr,exit}
//   record_sets.json        the zone as the stub keeps it: each change batch's UPSERTs replace and
//                           its DELETEs remove record sets (by name and type)
// Built-in answers: change-resource-record-sets -> ChangeInfo PENDING (the batch applied to
// record_sets.json), get-change -> INSYNC, list-resource-record-sets -> record_sets.json's sets
// (none at first); `route53 wait resource-record-sets-changed` polls like botocore's waiter: its
// delay and maxAttempts from <AWS_DATA_PATH>\route53\2013-04-01\waiters-2.json (else the
// bundled 30 s and 60), each poll the get-change answer (get-change.stdout, else INSYNC) and a
// "poll" line in aws_stub.log, exit 0 at INSYNC, else botocore's "Max attempts exceeded" (255);
// anything else exits 252 like the CLI's usage error.
#include <windows.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace {

// UTF-8 of a UTF-16 text.
std::string utf8(const std::wstring& text) {
  const int size = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()),
                                       nullptr, 0, nullptr, nullptr);
  std::string result(static_cast<std::size_t>(size), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), result.data(), size,
                      nullptr, nullptr);
  return result;
}

// The folder of this executable, with a trailing backslash.
std::wstring own_folder() {
  std::wstring path(32768, L'\0');
  const DWORD length = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
  path.resize(length);
  return path.substr(0, path.find_last_of(L"\\/") + 1);
}

// The whole content of a file; nullopt when it cannot be read.
std::optional<std::string> read_text(const std::wstring& path) {
  std::ifstream in(path.c_str(), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Appends this run's arguments and environment to aws_stub.log.
void record_run(const std::wstring& folder, int argc, wchar_t** argv) {
  std::ofstream log((folder + L"aws_stub.log").c_str(), std::ios::binary | std::ios::app);
  log << "run\n";
  for (int index = 1; index < argc; ++index) log << "arg\t" << utf8(argv[index]) << "\n";
  wchar_t* block = GetEnvironmentStringsW();
  for (const wchar_t* entry = block; entry && *entry; entry += wcslen(entry) + 1)
    log << "env\t" << utf8(entry) << "\n";
  if (block) FreeEnvironmentStringsW(block);
  log << "end\n";
}

// The argument after `option`, or an empty string.
std::string argument_after(int argc, wchar_t** argv, const wchar_t* option) {
  for (int index = 1; index + 1 < argc; ++index)
    if (std::wstring(argv[index]) == option) return utf8(argv[index + 1]);
  return {};
}

// Applies a change batch (its JSON text) to the stub's zone in record_sets.json.
void apply_change_batch(const std::wstring& folder, const std::string& batch_text) {
  const std::wstring zone_path = folder + L"record_sets.json";
  const auto zone_text = read_text(zone_path);
  boost::json::array sets = zone_text
                                ? boost::json::parse(*zone_text).at("ResourceRecordSets").as_array()
                                : boost::json::array();
  const boost::json::value batch = boost::json::parse(batch_text);
  for (const auto& change : batch.at("Changes").as_array()) {
    const auto& set = change.at("ResourceRecordSet").as_object();
    const auto same = [&set](const boost::json::value& other) {
      return other.at("Name") == set.at("Name") && other.at("Type") == set.at("Type");
    };
    sets.erase(std::remove_if(sets.begin(), sets.end(), same), sets.end());
    if (change.at("Action") != "DELETE") sets.push_back(set);
  }
  std::ofstream(zone_path.c_str(), std::ios::binary)
      << boost::json::serialize(boost::json::object{{"ResourceRecordSets", sets}});
}

// The built-in standard output for an operation; nullopt for an unknown one.
std::optional<std::string> built_in_answer(const std::wstring& folder,
                                           const std::string& operation) {
  if (operation == "list-resource-record-sets") {
    if (auto zone = read_text(folder + L"record_sets.json")) return zone;
    return R"({"ResourceRecordSets": []})";
  }
  if (operation == "change-resource-record-sets")
    return R"({"ChangeInfo": {"Id": "/change/C0STUB", "Status": "PENDING",)"
           R"( "SubmittedAt": "2026-01-01T00:00:00.000Z"}})";
  if (operation == "get-change")
    return R"({"ChangeInfo": {"Id": "/change/C0STUB", "Status": "INSYNC",)"
           R"( "SubmittedAt": "2026-01-01T00:00:00.000Z"}})";
  return std::nullopt;
}

// The value of the environment variable `name` (empty when unset).
std::wstring environment_value(const wchar_t* name) {
  std::wstring value(32768, L'\0');
  value.resize(GetEnvironmentVariableW(name, value.data(), static_cast<DWORD>(value.size())));
  return value;
}

// The waiter of `route53 wait resource-record-sets-changed`, with the definition botocore would
// load first: from the folder named by AWS_DATA_PATH.
int wait_for_insync(const std::wstring& folder) {
  long long delay = 30, attempts = 60;  // the CLI's bundled ResourceRecordSetsChanged
  const std::wstring data = environment_value(L"AWS_DATA_PATH");
  if (const auto text = read_text(data + L"\\route53\\2013-04-01\\waiters-2.json")) {
    const boost::json::value definition = boost::json::parse(*text);
    const auto& waiter = definition.at("waiters").at("ResourceRecordSetsChanged").as_object();
    delay = waiter.at("delay").to_number<long long>();
    attempts = waiter.at("maxAttempts").to_number<long long>();
  }
  std::ofstream log((folder + L"aws_stub.log").c_str(), std::ios::binary | std::ios::app);
  log << "waiter\tdelay=" << delay << "\tmaxAttempts=" << attempts << "\n" << std::flush;
  for (long long attempt = 1;; ++attempt) {
    const auto answer = read_text(folder + L"get-change.stdout");
    const std::string status =
        answer ? std::string(boost::json::parse(*answer).at("ChangeInfo").at("Status").as_string())
               : "INSYNC";
    log << "poll\t" << status << "\n" << std::flush;
    if (status == "INSYNC") return 0;
    if (attempt >= attempts) break;
    Sleep(static_cast<DWORD>(delay * 1000));
  }
  std::fputs("\nWaiter ResourceRecordSetsChanged failed: Max attempts exceeded\n", stderr);
  return 255;
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
  const std::wstring folder = own_folder();
  record_run(folder, argc, argv);
  const std::string operation = argc > 2 ? utf8(argv[2]) : std::string();
  const std::wstring stem = folder + (argc > 2 ? std::wstring(argv[2]) : std::wstring());
  const auto out = read_text(stem + L".stdout");
  const auto err = read_text(stem + L".stderr");
  const auto code = read_text(stem + L".exit");
  const int exit_code = code ? std::stoi(*code) : 0;
  if (operation == "wait" && !out && !err && !code) return wait_for_insync(folder);
  // A failing run prints no built-in answer, as the CLI prints nothing on standard output then.
  if (!out && exit_code == 0 && operation == "change-resource-record-sets")
    apply_change_batch(folder, argument_after(argc, argv, L"--change-batch"));
  const auto answer = out              ? out
                      : exit_code == 0 ? built_in_answer(folder, operation)
                                       : std::nullopt;
  if (!answer && !err && !code) {
    std::fputs("usage: aws [options] <command> <subcommand> [parameters]\n", stderr);
    return 252;
  }
  if (answer) std::fwrite(answer->data(), 1, answer->size(), stdout);
  if (err) std::fwrite(err->data(), 1, err->size(), stderr);
  return exit_code;
}
