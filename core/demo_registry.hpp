// The synthetic demo registry (`aduan demo-registry`, and sandbox mode's first start): JSON Lines
// in the registry format of CONTRACTS.md, every line accepted by parse_registry_line.
// Contract: pure apart from writing to `out`; deterministic for a (count, seed) pair on every
// platform (own PRNG, no std distributions); safe from any thread on distinct streams; does not
// throw except what `out` throws. Stream errors are left in `out`'s state for the caller.
//
// The first lines are always the documented personas (docs/personas.md), identical for every seed;
// then generated citizens. `count` includes the personas (a smaller count writes only the first
// personas) and is capped at demo_registry_capacity(). Guarantees: NIKs unique, every generated
// NIK consistent with birth date and sex (only the nik_mismatch persona disagrees), generated
// phones never use the 0811 prefix reserved for personas, generated NIK serials are ≥ 0010
// (persona serials are below), dose dates in order within 2021-01-13..2023-12-31.
#pragma once
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace aduan {

constexpr std::uint64_t kDefaultDemoSeed = 20261203;
constexpr std::size_t kDefaultDemoCount = 2000;

struct DemoPersona {
  std::string key;          // stable handle, e.g. "complete", "conflict_requester"
  std::string role;         // one line for the README table
  std::string nik;          // the NIK as held by the persona's own record
  std::string name;         // as registered (the typo persona's misspelt name)
  std::string phone;        // E.164 digits
  std::string phone_local;  // as written in the registry line (a local form)
  std::string try_this;     // what a tester should do with this persona
};

// In the order their lines are written.
const std::vector<DemoPersona>& demo_personas();
// Number of lines the persona block occupies (a family is three lines).
std::size_t demo_persona_line_count();
// Largest count for which NIKs stay unique (region × serial space of the generator).
std::size_t demo_registry_capacity();

void write_demo_registry(std::ostream& out, std::size_t count, std::uint64_t seed = kDefaultDemoSeed);

}  // namespace aduan
