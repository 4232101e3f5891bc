//! Okapi BM25 over weighted documents: the one ranking formula for
//! `suggest` (criteria as documents) and `search` (entries as documents).

use rustc_hash::FxHashMap;

/// Inverse document frequency of a term found in `df` of `n` documents.
pub fn idf(n: f64, df: f64) -> f64 {
    ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
}

/// What a term with frequency `tf` contributes to a document of length
/// `len` (the average being `avg`).
pub fn weight(tf: f64, idf: f64, len: f64, avg: f64, k1: f64, b: f64) -> f64 {
    if tf <= 0.0 {
        return 0.0;
    }
    let norm = k1 * (1.0 - b + b * len / avg.max(f64::EPSILON));
    idf * tf * (k1 + 1.0) / (tf + norm)
}

/// Documents as weighted term counts, ready to score queries against.
#[derive(Debug, Clone, Default)]
pub struct Bm25 {
    docs: Vec<FxHashMap<String, f64>>,
    lengths: Vec<f64>,
    /// The average document length, kept up to date as documents are added.
    average: f64,
    df: FxHashMap<String, usize>,
    k1: f64,
    b: f64,
}

impl Bm25 {
    pub fn new(k1: f64, b: f64) -> Bm25 {
        Bm25 {
            k1,
            b,
            ..Bm25::default()
        }
    }

    /// Adds a document of (key, weight) occurrences; returns its index.
    pub fn add<'a>(&mut self, terms: impl IntoIterator<Item = (&'a str, f64)>) -> usize {
        let mut doc: FxHashMap<String, f64> = FxHashMap::default();
        let mut len = 0.0;
        for (key, weight) in terms {
            *doc.entry(key.to_string()).or_default() += weight;
            len += weight;
        }
        for key in doc.keys() {
            *self.df.entry(key.clone()).or_default() += 1;
        }
        self.docs.push(doc);
        self.lengths.push(len);
        self.average = self.lengths.iter().sum::<f64>() / self.lengths.len() as f64;
        self.docs.len() - 1
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Inverse document frequency of a key (0 when no document has it).
    pub fn idf(&self, key: &str) -> f64 {
        match self.df.get(key) {
            Some(&df) => idf(self.docs.len() as f64, df as f64),
            None => 0.0,
        }
    }

    /// What one query key contributes to document `doc`.
    pub fn term_score(&self, doc: usize, key: &str) -> f64 {
        let Some(&tf) = self.docs[doc].get(key) else {
            return 0.0;
        };
        weight(
            tf,
            self.idf(key),
            self.lengths[doc],
            self.average,
            self.k1,
            self.b,
        )
    }

    /// The score of every document for a query of distinct keys.
    pub fn scores<'a>(&self, query: impl IntoIterator<Item = &'a str> + Clone) -> Vec<f64> {
        (0..self.docs.len())
            .map(|d| {
                query
                    .clone()
                    .into_iter()
                    .map(|k| self.term_score(d, k))
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_and_repeated_terms_score_higher() {
        let mut bm = Bm25::new(1.2, 0.75);
        bm.add([("refund", 1.0), ("customer", 1.0)]);
        bm.add([("rota", 2.0), ("customer", 1.0)]);
        bm.add([("customer", 1.0)]);
        let s = bm.scores(["refund", "customer"]);
        assert!(s[0] > s[1] && s[0] > s[2]);
        assert!(bm.idf("refund") > bm.idf("customer"));
        assert_eq!(bm.idf("absent"), 0.0);
        assert!(Bm25::new(1.2, 0.75).scores(["x"]).is_empty());
    }
}
