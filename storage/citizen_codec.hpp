// Stored form of a citizen profile. encode_citizen() writes the same bytes-level meaning as
// storage::encode(nlohmann::json(profile)) — the JSON shape of core/model.cpp — directly, because
// building a JSON tree per citizen dominated bulk import. Reading stays on the generic path
// (decode + from_json), so old and new rows read alike. A test keeps the two shapes equal.
// Contract: pure, any thread; decode_citizen throws StorageError(kCorrupt) or nlohmann's
// type_error on a row it cannot read.
#pragma once
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace aduan::storage {

std::string encode_citizen(const CitizenProfile& c);
CitizenProfile decode_citizen(std::string_view bytes);

}  // namespace aduan::storage
