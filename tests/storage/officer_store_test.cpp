// Officers: a token shown once and stored only as a hash; lookup by token; revocation.
#include <catch2/catch.hpp>

#include "core/secure_random.hpp"
#include "storage/officer_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using namespace aduan::storage::testing;

TEST_CASE("An added officer's token identifies the officer and only its hash is stored") {
  TempEnv t;
  Txn w(*t.env, true);
  const auto added = add_officer(w, "rina", 1000);
  REQUIRE(added.token);
  CHECK(added.token->size() >= 40);
  CHECK(officer_for_token(w, *added.token) == std::optional<std::string>("rina"));
  CHECK_FALSE(officer_for_token(w, *added.token + "x"));
  CHECK_FALSE(officer_for_token(w, ""));
  const auto raw = *w.get(w.dbs().officers, "rina");
  CHECK(raw.find(*added.token) == std::string::npos);
  CHECK(raw.find(sha256_hex(*added.token)) != std::string::npos);
}

TEST_CASE("Officer names are validated and unique while active") {
  TempEnv t;
  Txn w(*t.env, true);
  REQUIRE(add_officer(w, "rina", 1).token);
  CHECK_FALSE(add_officer(w, "rina", 2).token);
  CHECK_FALSE(add_officer(w, "", 2).token);
  CHECK_FALSE(add_officer(w, "bad name", 2).token);
  CHECK_FALSE(add_officer(w, std::string(kOfficerNameMax + 1, 'a'), 2).token);
  CHECK(add_officer(w, "budi.s_2-x", 2).token);
}

TEST_CASE("A revoked officer's token stops working and the name can be given a new token") {
  TempEnv t;
  Txn w(*t.env, true);
  const auto first = *add_officer(w, "rina", 1).token;
  const auto other = *add_officer(w, "budi", 1).token;
  CHECK(revoke_officer(w, "rina"));
  CHECK_FALSE(revoke_officer(w, "nobody"));
  CHECK_FALSE(officer_for_token(w, first));
  CHECK(officer_for_token(w, other) == std::optional<std::string>("budi"));
  const auto list = list_officers(w);
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "budi");
  CHECK_FALSE(list[0].revoked);
  CHECK(list[1].name == "rina");
  CHECK(list[1].revoked);
  CHECK(list[1].created_at == 1);
  const auto second = add_officer(w, "rina", 5);
  REQUIRE(second.token);
  CHECK(*second.token != first);
  CHECK(officer_for_token(w, *second.token) == std::optional<std::string>("rina"));
  CHECK_FALSE(officer_for_token(w, first));
}
