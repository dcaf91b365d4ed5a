//! What the finder keeps in memory: values of one content version, bounded in
//! number and in size, the oldest dropped first to make room. A value of
//! another version is never answered; the first value of a new version drops
//! everything of the old one, unless the values were carried to the new
//! version ([`Kept::carry`]) after being patched.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Arc, Mutex, RwLock};

/// How much memory a kept value holds, about.
pub(crate) trait Weigh {
    fn weight(&self) -> usize;
}

#[cfg(test)]
impl<T> Weigh for Arc<Vec<T>> {
    fn weight(&self) -> usize {
        self.len() * std::mem::size_of::<T>()
    }
}

impl Weigh for Arc<super::rank::Ranked> {
    fn weight(&self) -> usize {
        (**self).weight()
    }
}

impl Weigh for Arc<super::published::InTitle> {
    fn weight(&self) -> usize {
        self.places.serialized_size() + self.masks.len() * 8
    }
}

impl Weigh for Arc<roaring::RoaringBitmap> {
    fn weight(&self) -> usize {
        self.serialized_size()
    }
}

pub(crate) struct Kept<K, V> {
    version: (i64, i64),
    by_key: HashMap<K, V>,
    oldest_first: VecDeque<K>,
    weight: usize,
    max_entries: usize,
    max_weight: usize,
}

impl<K: Hash + Eq + Clone, V: Clone + Weigh> Kept<K, V> {
    pub(crate) fn new(max_entries: usize, max_weight: usize) -> Self {
        Self {
            version: (0, 0),
            by_key: HashMap::new(),
            oldest_first: VecDeque::new(),
            weight: 0,
            max_entries,
            max_weight,
        }
    }

    /// The value kept for `key` as of `version`.
    pub(crate) fn get(&self, version: (i64, i64), key: &K) -> Option<V> {
        if self.version != version {
            return None;
        }
        self.by_key.get(key).cloned()
    }

    /// Keeps `value` for `key` as of `version`, unless it alone is over the
    /// budget or it is of an older version than what is kept.
    pub(crate) fn put(&mut self, version: (i64, i64), key: K, value: V) {
        if version < self.version {
            return;
        }
        if self.version != version {
            self.by_key.clear();
            self.oldest_first.clear();
            self.weight = 0;
            self.version = version;
        }
        let weight = value.weight();
        if weight > self.max_weight || self.by_key.contains_key(&key) {
            return;
        }
        while self.by_key.len() >= self.max_entries || self.weight + weight > self.max_weight {
            let Some(old) = self.oldest_first.pop_front() else { break };
            if let Some(gone) = self.by_key.remove(&old) {
                self.weight -= gone.weight();
            }
        }
        self.weight += weight;
        self.oldest_first.push_back(key.clone());
        self.by_key.insert(key, value);
    }

    #[cfg(test)]
    pub(crate) fn weight(&self) -> usize {
        self.weight
    }

    /// Carries every value to `version`, changed by `patch` on the way (a
    /// value it returns `None` for is dropped).
    pub(crate) fn carry(&mut self, version: (i64, i64), mut patch: impl FnMut(&K, &V) -> Option<V>) {
        let mut weight = 0;
        let mut kept = HashMap::with_capacity(self.by_key.len());
        for (k, v) in self.by_key.drain() {
            if let Some(new) = patch(&k, &v) {
                weight += new.weight();
                kept.insert(k, new);
            }
        }
        self.oldest_first.retain(|k| kept.contains_key(k));
        self.by_key = kept;
        self.weight = weight;
        self.version = version;
    }
}

/// A [`Kept`] shared by requests: the value of a key, made when not kept.
pub(crate) struct Memo<K, V>(Mutex<Kept<K, V>>);

impl<K: Hash + Eq + Clone, V: Clone + Weigh> Memo<K, V> {
    pub(crate) fn new(max_entries: usize, max_weight: usize) -> Self {
        Self(Mutex::new(Kept::new(max_entries, max_weight)))
    }

    /// Carries the values to `version`, patched (see [`Kept::carry`]).
    pub(crate) fn carry(&self, version: (i64, i64), patch: impl FnMut(&K, &V) -> Option<V>) {
        self.kept().carry(version, patch)
    }

    /// The value of `key` as of `version`, made by `make` (then kept) when not kept.
    pub(crate) async fn get_or<E>(
        &self,
        version: (i64, i64),
        key: &K,
        make: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        if let Some(kept) = self.kept().get(version, key) {
            return Ok(kept);
        }
        let made = make.await?;
        self.kept().put(version, key.clone(), made.clone());
        Ok(made)
    }

    pub(crate) fn kept(&self) -> std::sync::MutexGuard<'_, Kept<K, V>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A value and the content version it is of.
pub type Versioned<T> = Option<((i64, i64), Arc<T>)>;

/// One value of the latest content version asked for.
pub struct PerVersion<T>(RwLock<Versioned<T>>);

impl<T> Default for PerVersion<T> {
    fn default() -> Self {
        Self(RwLock::new(None))
    }
}

impl<T> PerVersion<T> {
    /// The value kept, whatever its version.
    pub fn latest(&self) -> Versioned<T> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Keeps `value` as the value of `version`.
    pub fn set(&self, version: (i64, i64), value: Arc<T>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((version, value));
    }

    /// The value of `version`, made by `make` when not kept.
    pub async fn get<E>(&self, version: (i64, i64), make: impl Future<Output = Result<T, E>>) -> Result<Arc<T>, E> {
        if let Some((v, kept)) = self.0.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && *v == version
        {
            return Ok(kept.clone());
        }
        let made = Arc::new(make.await?);
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((version, made.clone()));
        Ok(made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(n: usize) -> Arc<Vec<u8>> {
        Arc::new(vec![0; n])
    }

    #[test]
    fn values_are_kept_per_content_version() {
        let mut k = Kept::new(10, 100);
        assert!(k.get((1, 1), &"khoa").is_none());
        k.put((1, 1), "khoa", value(3));
        assert_eq!(k.get((1, 1), &"khoa").map(|v| v.len()), Some(3));
        assert!(k.get((1, 2), &"khoa").is_none(), "another content version is never answered");
        k.put((1, 2), "hoc", value(3));
        assert!(k.get((1, 1), &"khoa").is_none() && k.get((1, 2), &"khoa").is_none(), "a new version drops the old");
        assert_eq!(k.weight(), 3);
    }

    #[test]
    fn the_oldest_values_make_room() {
        let mut k = Kept::new(3, 100);
        k.put((1, 1), "a", value(50));
        k.put((1, 1), "b", value(50));
        k.put((1, 1), "c", value(10));
        assert!(k.get((1, 1), &"a").is_none());
        assert!(k.get((1, 1), &"b").is_some() && k.get((1, 1), &"c").is_some());
        assert!(k.weight() <= 100);
        k.put((1, 1), "d", value(1));
        k.put((1, 1), "e", value(1));
        assert!(k.get((1, 1), &"b").is_none(), "no more than three values are kept");
        k.put((1, 1), "huge", value(101));
        assert!(k.get((1, 1), &"huge").is_none(), "a value over the whole budget is not kept");
    }
}
