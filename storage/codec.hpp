// Value encoding for every record: one version byte then MessagePack of a JSON value.
// Compact, self-describing, and versioned so a later schema can read old rows.
// decode() throws StorageError(kCorrupt) on a value it cannot read.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace aduan::storage {

constexpr unsigned char kCodecVersion = 1;
constexpr int kCorrupt = -1;

std::string encode(const nlohmann::json& value);
nlohmann::json decode(std::string_view bytes);

}  // namespace aduan::storage
