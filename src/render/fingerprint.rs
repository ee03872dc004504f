//! Fingerprints of outputs, computed from the very values they are made from.
//!
//! `serve`'s incremental rebuild keeps an output whose fingerprint equals the last
//! build's. A page's fingerprint is a hash of its [`super::View`] (the template name and
//! the one value that becomes the template's context), mixed with the renderer's own
//! fingerprint (every template's text and the global context): whatever a page can print
//! is in it, so no list of what a page depends on is kept by hand.
//!
//! The hash walks the value through serde, as Tera's own conversion does, feeding every
//! field name, string, number and length into a 64-bit hasher without building anything.
//! Record rows, which a site repeats in many lists, are hashed once each and stand in a
//! list by that hash ([`RowRef`]); that is the one place where a fingerprint does not
//! walk the value itself, and it walks the same value once beforehand.

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};

use serde::ser::{self, Serialize};

/// The hasher every fingerprint uses: fixed seeds, so a fingerprint depends on the value
/// alone (within one program).
fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x6469_7363_6c6f_7365).build_hasher()
}

thread_local! {
    /// True while [`of`] runs on this thread: [`RowRef`]s then hash as their row's hash.
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// The fingerprint of `value`'s serialised form, or `None` when it cannot be serialised
/// (the output is then always made again).
pub fn of<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    let mut h = hasher();
    let previous = ACTIVE.replace(true);
    let result = value.serialize(Fingerprinter { h: &mut h });
    ACTIVE.set(previous);
    result.ok().map(|()| h.finish())
}

/// The fingerprint of some bytes (a CSV line).
pub fn of_bytes(bytes: &[u8]) -> u64 {
    let mut h = hasher();
    h.write_usize(bytes.len());
    h.write(bytes);
    h.finish()
}

/// The fingerprint of a sequence of fingerprints (a file made of pieces).
pub fn of_parts(parts: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = hasher();
    let mut n = 0usize;
    for part in parts {
        h.write_u64(part);
        n += 1;
    }
    h.write_usize(n);
    h.finish()
}

/// A record's table row in a view: serialises as the row itself, and, inside a
/// fingerprint, as the row's own fingerprint (made from the same value by the renderer).
#[derive(Debug, Clone, Copy)]
pub struct RowRef<'v> {
    value: &'v tera::Value,
    fingerprint: Option<u64>,
}

impl<'v> RowRef<'v> {
    /// A row and its fingerprint, which must be `of(value)`.
    pub(crate) fn new(value: &'v tera::Value, fingerprint: Option<u64>) -> Self {
        Self { value, fingerprint }
    }
}

impl Serialize for RowRef<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if ACTIVE.get() {
            match self.fingerprint {
                Some(fingerprint) => serializer.serialize_u64(fingerprint),
                None => Err(ser::Error::custom("a row without a fingerprint")),
            }
        } else {
            self.value.serialize(serializer)
        }
    }
}

/// Why a value could not be fingerprinted (only a `Serialize` impl that fails).
#[derive(Debug)]
struct Unhashable(String);

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// A serde serializer that feeds a hasher. Every value starts with a tag of its kind and
/// every string and sequence with its length, so two different values never feed the
/// same bytes (`["ab"]` and `["a", "b"]`, `None` and `()`, a map and a struct).
struct Fingerprinter<'h, H: Hasher> {
    h: &'h mut H,
}

mod tag {
    pub const BOOL: u8 = 1;
    pub const I64: u8 = 2;
    pub const U64: u8 = 3;
    pub const I128: u8 = 4;
    pub const U128: u8 = 5;
    pub const F64: u8 = 6;
    pub const CHAR: u8 = 7;
    pub const STR: u8 = 8;
    pub const BYTES: u8 = 9;
    pub const NONE: u8 = 10;
    pub const SOME: u8 = 11;
    pub const UNIT: u8 = 12;
    pub const VARIANT: u8 = 13;
    pub const NEWTYPE: u8 = 14;
    pub const SEQ: u8 = 15;
    pub const MAP: u8 = 16;
    pub const STRUCT: u8 = 17;
    pub const END: u8 = 18;
}

impl<H: Hasher> Fingerprinter<'_, H> {
    fn str(&mut self, s: &str) {
        self.h.write_u8(tag::STR);
        self.h.write_usize(s.len());
        self.h.write(s.as_bytes());
    }

    fn variant(&mut self, name: &str, index: u32, variant: &str) {
        self.h.write_u8(tag::VARIANT);
        self.str(name);
        self.h.write_u32(index);
        self.str(variant);
    }

    fn child(&mut self) -> Fingerprinter<'_, H> {
        Fingerprinter { h: self.h }
    }
}

impl<'h, H: Hasher> ser::Serializer for Fingerprinter<'h, H> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Unhashable> {
        self.h.write_u8(tag::BOOL);
        self.h.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unhashable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unhashable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unhashable> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unhashable> {
        self.h.write_u8(tag::I64);
        self.h.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Unhashable> {
        self.h.write_u8(tag::I128);
        self.h.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unhashable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unhashable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unhashable> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unhashable> {
        self.h.write_u8(tag::U64);
        self.h.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Unhashable> {
        self.h.write_u8(tag::U128);
        self.h.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unhashable> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unhashable> {
        self.h.write_u8(tag::F64);
        self.h.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unhashable> {
        self.h.write_u8(tag::CHAR);
        self.h.write_u32(v.into());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Unhashable> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unhashable> {
        self.h.write_u8(tag::BYTES);
        self.h.write_usize(v.len());
        self.h.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Unhashable> {
        self.h.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unhashable> {
        self.h.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unhashable> {
        self.h.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(mut self, name: &'static str) -> Result<(), Unhashable> {
        self.h.write_u8(tag::UNIT);
        self.str(name);
        Ok(())
    }
    fn serialize_unit_variant(
        mut self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), Unhashable> {
        self.variant(name, index, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.h.write_u8(tag::NEWTYPE);
        self.str(name);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.variant(name, index, variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        // No length (serde may not know it): `END` closes the items.
        self.h.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(mut self, name: &'static str, len: usize) -> Result<Self, Unhashable> {
        self.str(name);
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unhashable> {
        self.variant(name, index, variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(mut self, name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::STRUCT);
        self.str(name);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.variant(name, index, variant);
        self.h.write_u8(tag::STRUCT);
        Ok(self)
    }
}

impl<H: Hasher> Fingerprinter<'_, H> {
    /// Closes a sequence, map or struct: every item, key and field was tagged, so an end
    /// tag is enough to tell where it stops.
    fn end(self) -> Result<(), Unhashable> {
        self.h.write_u8(tag::END);
        Ok(())
    }
}

impl<H: Hasher> ser::SerializeSeq for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeTuple for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeTupleStruct for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeTupleVariant for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeMap for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unhashable> {
        key.serialize(self.child())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeStruct for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.str(key);
        value.serialize(self.child())
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Unhashable> {
        // A skipped field is absent from the context: say so, or `{a: 1}` with `b`
        // skipped would hash like the same struct's other shape.
        self.h.write_u8(tag::NONE);
        self.str(key);
        Ok(())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

impl<H: Hasher> ser::SerializeStructVariant for Fingerprinter<'_, H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.str(key);
        value.serialize(self.child())
    }
    fn end(self) -> Result<(), Unhashable> {
        Fingerprinter::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Page<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }

    #[test]
    fn equal_values_give_equal_fingerprints_and_any_change_another() {
        let page = |title, tags, note| of(&Page { title, tags, note }).unwrap();
        let base = page("河口镇", vec!["air", "water"], None);
        assert_eq!(base, page("河口镇", vec!["air", "water"], None));
        assert_ne!(base, page("合口镇", vec!["air", "water"], None));
        assert_ne!(base, page("河口镇", vec!["airwater"], None));
        assert_ne!(base, page("河口镇", vec!["air", "water"], Some("")));
        assert_ne!(base, page("河口镇", vec!["water", "air"], None));
    }

    #[test]
    fn a_row_stands_for_itself_by_its_fingerprint() {
        let row = tera::Value::from_serializable(&Page {
            title: "t",
            tags: vec![],
            note: None,
        });
        let hash = of(&row).unwrap();
        let list = |h| of(&vec![RowRef::new(&row, h)]);
        assert_eq!(list(Some(hash)), list(Some(hash)));
        assert_ne!(
            list(Some(hash)),
            list(Some(hash ^ 1)),
            "the row's fingerprint is what counts"
        );
        assert_eq!(
            list(None),
            None,
            "a row that has none leaves its view without one"
        );
        // Outside a fingerprint a row serialises as itself.
        let value = tera::Value::from_serializable(&vec![RowRef::new(&row, Some(hash))]);
        assert_eq!(value.as_array().unwrap()[0], row);
    }
}
