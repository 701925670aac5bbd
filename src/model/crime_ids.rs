//! The Crime-ID index of one month and force of a police.uk street file: what it takes to
//! de-duplicate the same crime across two publications exactly, rather than by guessing from
//! counts.
//!
//! Each distinct Crime ID is kept as a 64-bit hash with the 32-bit number of the cell (area
//! and crime type) its row was counted in, sorted by hash: 12 bytes a crime, in memory and on
//! the way from the worker to the page, where it travels as one `Uint8Array` (serde's bytes)
//! rather than as an array of numbers.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Bytes per crime in the index: the hash, then the cell number, both little-endian.
pub const BYTES_PER_ID: usize = 12;

/// A Crime ID reduced to 64 bits (surrounding spaces ignored). police.uk IDs are 64 hex digits
/// (a SHA-256), so their hashes are as good as random: two different crimes of one month and
/// force share a hash with odds of about n²/2⁶⁵ (for the Met's 90,000 crimes a month, one in
/// four million).
pub fn crime_id_hash(id: &str) -> u64 {
    hash_bytes(id.trim().as_bytes())
}

/// [`crime_id_hash`] of an ID already trimmed.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    // A multiply-fold over 8-byte words, as wyhash does: 8 steps for a 64-digit ID where a
    // byte-at-a-time hash takes 64, and every input bit reaches every output bit.
    const K_SEED: u64 = 0xa076_1d64_78bd_642f;
    const K_STEP: u64 = 0xe703_7ed1_a0b4_28db;
    const K_LAST: u64 = 0x8ebc_6af0_9c88_c6e3;
    let mut hash = K_SEED ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        hash = fold(hash ^ u64::from_le_bytes(eight), K_STEP);
    }
    let mut tail = [0u8; 8];
    for (slot, byte) in tail.iter_mut().zip(words.remainder()) {
        *slot = *byte;
    }
    hash = fold(hash ^ u64::from_le_bytes(tail), K_STEP);
    fold(hash, K_LAST)
}

/// The 128-bit product of two words, its halves xor-ed together.
pub(crate) fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Hashes of Crime IDs are hashes already: hashing them again would only cost time.
#[derive(Debug, Default, Clone, Copy)]
pub struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdHasher = BuildHasherDefault<AlreadyHashed>;
/// A set of Crime-ID hashes.
pub type IdSet = HashSet<u64, IdHasher>;

/// Every distinct Crime ID of one month and force of a file, with the cell it was counted in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrimeIdIndex {
    /// Sorted, no repeats.
    hashes: Vec<u64>,
    /// `cells[i]` is the cell of `hashes[i]`.
    cells: Vec<u32>,
}

impl CrimeIdIndex {
    /// From (hash, cell) pairs with no hash repeated, in any order.
    pub fn from_unique(mut entries: Vec<(u64, u32)>) -> CrimeIdIndex {
        entries.sort_unstable_by_key(|(hash, _)| *hash);
        entries.dedup_by_key(|(hash, _)| *hash);
        let (hashes, cells) = entries.into_iter().unzip();
        CrimeIdIndex { hashes, cells }
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    pub fn contains(&self, hash: u64) -> bool {
        self.hashes.binary_search(&hash).is_ok()
    }

    /// (hash, cell) in hash order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.hashes.iter().copied().zip(self.cells.iter().copied())
    }

    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// Bytes held, for the memory account in docs/ARCHITECTURE.md.
    pub fn heap_bytes(&self) -> usize {
        self.hashes.len() * BYTES_PER_ID
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.heap_bytes());
        for (hash, cell) in self.iter() {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&cell.to_le_bytes());
        }
        bytes
    }

    /// The index back from its bytes; `None` unless they are whole entries in hash order.
    fn from_bytes(bytes: &[u8]) -> Option<CrimeIdIndex> {
        let entries = bytes.chunks_exact(BYTES_PER_ID);
        if !entries.remainder().is_empty() {
            return None;
        }
        let mut index = CrimeIdIndex {
            hashes: Vec::with_capacity(entries.len()),
            cells: Vec::with_capacity(entries.len()),
        };
        for entry in entries {
            let (hash, cell) = entry.split_at_checked(8)?;
            let hash = u64::from_le_bytes(hash.try_into().ok()?);
            let cell = u32::from_le_bytes(cell.try_into().ok()?);
            if index.hashes.last().is_some_and(|last| *last >= hash) {
                return None;
            }
            index.hashes.push(hash);
            index.cells.push(cell);
        }
        Some(index)
    }
}

impl Serialize for CrimeIdIndex {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // serde-wasm-bindgen turns bytes into a Uint8Array (one copy, no per-number objects).
        serializer.serialize_bytes(&self.to_bytes())
    }
}

impl<'de> Deserialize<'de> for CrimeIdIndex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CrimeIdIndex, D::Error> {
        deserializer.deserialize_byte_buf(IndexBytes)
    }
}

struct IndexBytes;

impl IndexBytes {
    fn parse<E: de::Error>(bytes: &[u8]) -> Result<CrimeIdIndex, E> {
        CrimeIdIndex::from_bytes(bytes).ok_or_else(|| {
            E::custom(format!(
                "a Crime-ID index of {} bytes that is not whole {BYTES_PER_ID}-byte entries in order",
                bytes.len()
            ))
        })
    }
}

impl<'de> Visitor<'de> for IndexBytes {
    type Value = CrimeIdIndex;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the bytes of a Crime-ID index")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<CrimeIdIndex, E> {
        IndexBytes::parse(bytes)
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<CrimeIdIndex, E> {
        IndexBytes::parse(&bytes)
    }

    // Formats without a bytes type (JSON) write them as a list of numbers.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CrimeIdIndex, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(byte) = seq.next_element::<u8>()? {
            bytes.push(byte);
        }
        IndexBytes::parse(&bytes)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_hash_apart_and_surrounding_space_does_not_matter() {
        let a = "4a14d4745da0a2219ecf913fdc28a0c84ae8408954cac6a0bf7cc46767bb7d26";
        let b = "4a14d4745da0a2219ecf913fdc28a0c84ae8408954cac6a0bf7cc46767bb7d27";
        assert_ne!(crime_id_hash(a), crime_id_hash(b));
        assert_eq!(crime_id_hash(a), crime_id_hash(&format!(" {a} ")));
        // Lengths and short IDs (a trailing zero byte is not the same ID).
        assert_ne!(crime_id_hash("a"), crime_id_hash("a\0"));
        assert_ne!(crime_id_hash(""), crime_id_hash("\0"));
    }

    #[test]
    fn every_real_crime_id_of_the_sample_year_hashes_apart() {
        let mut ids = std::collections::HashSet::new();
        let mut hashes = IdSet::default();
        for month in 1..=12 {
            let path = format!(
                "{}/assets/sample/2023-{month:02}-city-of-london-street.csv",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(path).unwrap();
            for line in text.lines().skip(1) {
                let id = line.split(',').next().unwrap();
                if !id.is_empty() && ids.insert(id.to_owned()) {
                    assert!(hashes.insert(crime_id_hash(id)), "{id}");
                }
            }
        }
        assert!(ids.len() > 8_000, "{}", ids.len());
    }

    #[test]
    fn bytes_are_twelve_a_crime_and_refuse_anything_else() {
        let index = CrimeIdIndex::from_unique(vec![(9, 1), (3, 7), (u64::MAX, 0)]);
        assert_eq!(index.len(), 3);
        assert!(index.contains(3) && index.contains(u64::MAX) && !index.contains(4));
        let bytes = index.to_bytes();
        assert_eq!(bytes.len(), 3 * BYTES_PER_ID);
        assert_eq!(CrimeIdIndex::from_bytes(&bytes), Some(index.clone()));
        assert_eq!(CrimeIdIndex::from_bytes(&bytes[..13]), None);
        // Out of order (the first two entries swapped) is refused, not searched wrongly.
        let mut swapped = bytes[12..24].to_vec();
        swapped.extend_from_slice(&bytes[..12]);
        assert_eq!(CrimeIdIndex::from_bytes(&swapped), None);
    }

    proptest! {
        #[test]
        fn the_index_round_trips_through_its_bytes(entries in proptest::collection::vec((any::<u64>(), any::<u32>()), 0..100)) {
            let index = CrimeIdIndex::from_unique(entries.clone());
            let distinct: IdSet = entries.iter().map(|(h, _)| *h).collect();
            prop_assert_eq!(index.len(), distinct.len());
            prop_assert!(index.hashes().is_sorted());
            prop_assert_eq!(CrimeIdIndex::from_bytes(&index.to_bytes()), Some(index));
        }
    }
}
