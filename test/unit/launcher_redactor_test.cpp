// StreamRedactor: secrets replaced in a stream that arrives in arbitrary pieces, nothing else
// changed, and only a tail that could start a secret held back.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "launcher/stream_redactor.hpp"

using awsdns::launcher::StreamRedactor;

namespace {

// `text` pushed in pieces cut at `cuts` (ascending offsets), then finished.
std::string redact_in_pieces(const std::vector<std::string>& secrets, const std::string& text,
                             const std::vector<std::size_t>& cuts) {
  StreamRedactor redactor(secrets);
  std::string out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    out += redactor.push(std::string_view(text).substr(from, cut - from));
    from = cut;
  }
  out += redactor.push(std::string_view(text).substr(from));
  return out + redactor.finish();
}

std::string redact_whole(const std::vector<std::string>& secrets, const std::string& text) {
  return redact_in_pieces(secrets, text, {});
}

}  // namespace

TEST_CASE("each occurrence of a secret becomes ***, every other byte stays",
          "[launcher][redactor]") {
  const std::vector<std::string> secrets = {"hunter22", "proxyuser:hunter22"};
  CHECK(redact_whole(secrets, "no secret here") == "no secret here");
  CHECK(redact_whole(secrets, "pw=hunter22\n") == "pw=***\n");
  CHECK(redact_whole(secrets, "http://proxyuser:hunter22@10.0.0.1:3128") ==
        "http://***@10.0.0.1:3128");
  CHECK(redact_whole(secrets, "hunter22hunter22 and hunter22") == "*** and ***");
  const std::string binary("\0\xff\r\nhunter22\0", 13);
  CHECK(redact_whole(secrets, binary) == std::string("\0\xff\r\n***\0", 8));
  CHECK(redact_whole(secrets, "") == "");
}

TEST_CASE("overlapping occurrences of different secrets are one redacted run",
          "[launcher][redactor]") {
  const std::vector<std::string> secrets = {"abcd", "cdefgh"};
  CHECK(redact_whole(secrets, "xabcdefghy") == "x***y");  // no byte of either survives
  CHECK(redact_whole({"aaaa"}, "aaaaaa!") == "***!");
}

TEST_CASE("secrets shorter than the minimum are not searched for", "[launcher][redactor]") {
  CHECK(redact_whole({"pw", "abc"}, "pw abc") == "pw abc");
}

TEST_CASE("only a tail that could start a secret is held back", "[launcher][redactor]") {
  StreamRedactor redactor({"s3cret-value"});
  CHECK(redactor.push("Password: ") == "Password: ");  // a prompt is passed on at once
  CHECK(redactor.push("x s3c") == "x ");               // "s3c" may begin the secret
  CHECK(redactor.push("ret-va") == "");
  CHECK(redactor.push("lue!") == "***!");
  CHECK(redactor.push("s3cr") == "");
  CHECK(redactor.push("ew") == "s3crew");  // it was not the secret after all
  CHECK(redactor.push("s3") == "");
  CHECK(redactor.finish() == "s3");  // at the end, a held tail is passed on as it was
}

TEST_CASE("the result does not depend on where the stream was cut", "[launcher][redactor]") {
  const std::vector<std::string> secrets = {"abab-cd", "ab-cdX", "b-cdXYZ", "QQQQ"};
  const std::string text = "..abab-cdXYZ.ab-cdab-cdXYZQQQQQ.abab-c.QQQ.b-cdXYabab-cd";
  const std::string whole = redact_whole(secrets, text);
  CHECK(whole == "..***.ab-cd***.abab-c.QQQ.b-cdXY***");
  for (std::size_t first = 0; first <= text.size(); ++first) {
    for (std::size_t second = first; second <= text.size(); ++second) {
      INFO("cuts at " << first << " and " << second);
      REQUIRE(redact_in_pieces(secrets, text, {first, second}) == whole);
    }
  }
  std::vector<std::size_t> every_byte;
  for (std::size_t cut = 1; cut < text.size(); ++cut) every_byte.push_back(cut);
  CHECK(redact_in_pieces(secrets, text, every_byte) == whole);
}
