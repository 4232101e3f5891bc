//! A linear text classifier: TF-IDF over the toolkit's terms (stemmed
//! words and word pairs) and a multinomial logistic regression, trained
//! from labelled accounts (`cargo run --release --example train`). It is
//! how `suggest` understands writing it has never seen: a word list matches
//! only the phrasings someone thought of, while weights learned from many
//! writers' accounts of each criterion carry the ideas across wording.
//!
//! The model is data (`criteria/model.tsv`): a header naming the classes
//! and their biases, then one line per term with its IDF and its non-zero
//! weights. Pure: parse, score, explain and train.

use std::fmt::Write as _;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::text::{Term, terms};

/// One term of the vocabulary: its IDF and its weight for some classes.
#[derive(Debug, Clone, PartialEq)]
struct Feature {
    idf: f64,
    weights: Vec<(u16, f64)>,
}

/// A trained model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub classes: Vec<String>,
    bias: Vec<f64>,
    /// The IDF of a term the model keeps no weights for (a rare one): it
    /// still lengthens the text, so the norm matches training.
    unknown_idf: f64,
    vocab: FxHashMap<String, Feature>,
}

/// A text as TF-IDF features: term key, weight (unit length), and where the
/// term's words lie in the text.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub items: Vec<(String, f64, Vec<Range<usize>>)>,
}

impl Model {
    /// Parses the TSV form; the error names the line.
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut model = Model::default();
        for (n, line) in text.lines().enumerate() {
            let bad = |what: &str| format!("line {}: {what}", n + 1);
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            match cols.next() {
                Some("classes") => model.classes = cols.map(str::to_string).collect(),
                Some("bias") => {
                    model.bias = cols
                        .map(|c| c.parse::<f64>().map_err(|_| bad("a bias is not a number")))
                        .collect::<Result<_, _>>()?;
                }
                Some("unknown_idf") => {
                    model.unknown_idf = cols
                        .next()
                        .and_then(|c| c.parse::<f64>().ok())
                        .ok_or_else(|| bad("unknown_idf is not a number"))?;
                }
                Some("term") => {
                    let key = cols.next().ok_or_else(|| bad("a term has no key"))?;
                    let idf = cols
                        .next()
                        .and_then(|c| c.parse::<f64>().ok())
                        .ok_or_else(|| bad("a term has no IDF"))?;
                    let mut weights = Vec::new();
                    for cell in cols
                        .next()
                        .unwrap_or("")
                        .split(' ')
                        .filter(|c| !c.is_empty())
                    {
                        let (class, w) = cell
                            .split_once(':')
                            .ok_or_else(|| bad("a weight is not class:value"))?;
                        let class: u16 = class
                            .parse()
                            .map_err(|_| bad("a class index is not a number"))?;
                        let w: f64 = w.parse().map_err(|_| bad("a weight is not a number"))?;
                        if usize::from(class) >= model.classes.len() {
                            return Err(bad("a class index is out of range"));
                        }
                        weights.push((class, w));
                    }
                    model
                        .vocab
                        .insert(key.to_string(), Feature { idf, weights });
                }
                _ => return Err(bad("unknown line")),
            }
        }
        if model.classes.is_empty() || model.bias.len() != model.classes.len() {
            return Err("the model names no classes, or not one bias per class".into());
        }
        Ok(model)
    }

    /// The TSV form, stable (terms sorted).
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "classes\t{}", self.classes.join("\t"));
        let bias: Vec<String> = self.bias.iter().map(|b| format!("{b:.4}")).collect();
        let _ = writeln!(out, "bias\t{}", bias.join("\t"));
        let _ = writeln!(out, "unknown_idf\t{:.4}", self.unknown_idf);
        let mut keys: Vec<&String> = self.vocab.keys().collect();
        keys.sort();
        for key in keys {
            let f = &self.vocab[key];
            let weights: Vec<String> = f
                .weights
                .iter()
                .map(|(c, w)| format!("{c}:{w:.2}"))
                .collect();
            let _ = writeln!(out, "term\t{key}\t{:.3}\t{}", f.idf, weights.join(" "));
        }
        out
    }

    pub fn class_index(&self, class: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == class)
    }

    /// The text's features in this model's vocabulary.
    pub fn features(&self, text: &str) -> Features {
        self.features_of(&terms(text))
    }

    /// Features from terms already found.
    pub fn features_of(&self, terms: &[Term]) -> Features {
        let refs: Vec<&Term> = terms.iter().collect();
        self.features_of_refs(&refs)
    }

    /// Features from borrowed terms (a passage of a longer text).
    pub fn features_of_refs(&self, terms: &[&Term]) -> Features {
        vectorise(terms, |key| {
            Some(
                self.vocab
                    .get(key)
                    .map_or((self.unknown_idf, false), |f| (f.idf, true)),
            )
        })
    }

    /// One score per class (the linear model's logits).
    pub fn logits(&self, features: &Features) -> Vec<f64> {
        let mut out = self.bias.clone();
        for (key, x, _) in &features.items {
            if let Some(f) = self.vocab.get(key) {
                for &(c, w) in &f.weights {
                    out[usize::from(c)] += w * x;
                }
            }
        }
        out
    }

    /// The terms that speak most for `class`, strongest first, with where
    /// they lie in the text.
    pub fn evidence<'a>(
        &self,
        features: &'a Features,
        class: usize,
    ) -> Vec<(f64, &'a [Range<usize>])> {
        let mut out: Vec<(f64, &[Range<usize>])> = features
            .items
            .iter()
            .filter_map(|(key, x, ranges)| {
                let f = self.vocab.get(key)?;
                let w = f.weights.iter().find(|(c, _)| usize::from(*c) == class)?.1;
                (w * x > 0.0).then_some((w * x, ranges.as_slice()))
            })
            .collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0));
        out
    }
}

/// Softmax of logits: probabilities that sum to one.
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f64 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// Sublinear TF (1 + ln tf) × IDF, scaled to unit length, over the terms
/// the vocabulary knows.
fn vectorise(terms: &[&Term], idf: impl Fn(&str) -> Option<(f64, bool)>) -> Features {
    let mut counts: FxHashMap<&str, (u32, Vec<Range<usize>>)> = FxHashMap::default();
    for t in terms {
        let e = counts.entry(t.key.as_str()).or_default();
        e.0 += 1;
        e.1.push(t.range.clone());
    }
    let mut norm = 0.0;
    let mut items: Vec<(String, f64, Vec<Range<usize>>)> = counts
        .into_iter()
        .filter_map(|(key, (n, ranges))| {
            let (idf, keep) = idf(key)?;
            let x = (1.0 + f64::from(n).ln()) * idf;
            norm += x * x;
            keep.then(|| (key.to_string(), x, ranges))
        })
        .collect();
    let norm = f64::sqrt(norm);
    if norm > 0.0 {
        for item in &mut items {
            item.1 /= norm;
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Features { items }
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// Inverse regularisation strength (as in scikit-learn's `C`).
    pub c: f64,
    pub iterations: usize,
    /// Weights smaller than this are dropped from the saved model.
    pub prune: f64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            c: 10.0,
            iterations: 600,
            prune: 0.3,
        }
    }
}

/// Trains a model on (class, text) examples by full-batch gradient descent
/// with Nesterov momentum on the L2-regularised softmax loss.
pub fn train(examples: &[(String, String)], settings: Training) -> Model {
    let mut classes: Vec<String> = examples.iter().map(|(c, _)| c.clone()).collect();
    classes.sort();
    classes.dedup();
    let k = classes.len();
    let n = examples.len();
    let doc_terms: Vec<Vec<Term>> = examples.iter().map(|(_, t)| terms(t)).collect();
    // Document frequencies and smooth IDF, as scikit-learn computes them.
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for ts in &doc_terms {
        let mut seen: Vec<&str> = ts.iter().map(|t| t.key.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for key in seen {
            *df.entry(key).or_default() += 1;
        }
    }
    let mut keys: Vec<&str> = df.keys().copied().collect();
    keys.sort_unstable();
    let index: FxHashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let idf: Vec<f64> = keys
        .iter()
        .map(|k| ((1.0 + n as f64) / (1.0 + df[k] as f64)).ln() + 1.0)
        .collect();
    let rows: Vec<Vec<(usize, f64)>> = doc_terms
        .iter()
        .map(|ts| {
            let refs: Vec<&Term> = ts.iter().collect();
            vectorise(&refs, |key| index.get(key).map(|&i| (idf[i], true)))
                .items
                .into_iter()
                .map(|(key, x, _)| (index[key.as_str()], x))
                .collect()
        })
        .collect();
    let labels: Vec<usize> = examples
        .iter()
        .map(|(c, _)| classes.iter().position(|x| x == c).unwrap_or(0))
        .collect();

    let d = keys.len();
    let lambda = 1.0 / settings.c;
    let mut w = vec![0.0f64; d * k];
    let mut b = vec![0.0f64; k];
    let (mut vw, mut vb) = (vec![0.0f64; d * k], vec![0.0f64; k]);
    let lr = 0.5 / n as f64 * 8.0;
    let momentum = 0.9;
    for _ in 0..settings.iterations {
        // Gradient at the look-ahead point.
        let lw: Vec<f64> = w.iter().zip(&vw).map(|(w, v)| w + momentum * v).collect();
        let lb: Vec<f64> = b.iter().zip(&vb).map(|(b, v)| b + momentum * v).collect();
        let mut gw: Vec<f64> = lw.iter().map(|w| lambda * w).collect();
        let mut gb = vec![0.0f64; k];
        for (row, &y) in rows.iter().zip(&labels) {
            let mut z = lb.clone();
            for &(j, x) in row {
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc += lw[j * k + c] * x;
                }
            }
            let p = softmax(&z);
            for c in 0..k {
                let g = p[c] - f64::from(u8::from(c == y));
                gb[c] += g;
                for &(j, x) in row {
                    gw[j * k + c] += g * x;
                }
            }
        }
        for i in 0..d * k {
            vw[i] = momentum * vw[i] - lr * gw[i];
            w[i] += vw[i];
        }
        for c in 0..k {
            vb[c] = momentum * vb[c] - lr * gb[c];
            b[c] += vb[c];
        }
    }
    let mut vocab = FxHashMap::default();
    let unknown_idf = ((1.0 + n as f64) / 2.0).ln() + 1.0;
    for (j, key) in keys.iter().enumerate() {
        let weights: Vec<(u16, f64)> = (0..k)
            .filter_map(|c| {
                let v = w[j * k + c];
                (v.abs() >= settings.prune).then(|| (u16::try_from(c).unwrap_or(u16::MAX), v))
            })
            .collect();
        if weights.is_empty() {
            continue;
        }
        vocab.insert(
            (*key).to_string(),
            Feature {
                idf: idf[j],
                weights,
            },
        );
    }
    Model {
        classes,
        bias: b,
        unknown_idf,
        vocab,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Model {
        let ex = |c: &str, t: &str| (c.to_string(), t.to_string());
        train(
            &[
                ex("A", "refund the money back to the card"),
                ex("A", "money refunded to her card"),
                ex("B", "rota for the team shifts next month"),
                ex("B", "planned the shifts rota"),
            ],
            Training {
                iterations: 300,
                prune: 0.0,
                ..Training::default()
            },
        )
    }

    #[test]
    fn learns_and_round_trips() {
        let m = toy();
        let f = m.features("I refunded the card");
        let l = m.logits(&f);
        assert!(l[0] > l[1], "{l:?}");
        let back = Model::parse(&m.to_tsv("toy")).expect("parses");
        assert_eq!(back.classes, m.classes);
        let l2 = back.logits(&back.features("I refunded the card"));
        assert!((l2[0] - l[0]).abs() < 0.01 && (l2[1] - l[1]).abs() < 0.01);
        assert!(!m.evidence(&f, 0).is_empty());
    }

    #[test]
    fn bad_models_are_refused_with_a_line() {
        assert!(Model::parse("").is_err());
        assert!(
            Model::parse("classes\tA\nbias\tx")
                .unwrap_err()
                .contains("line 2")
        );
        assert!(
            Model::parse("classes\tA\nbias\t0\nterm\tx\t1\t5:1")
                .unwrap_err()
                .contains("out of range")
        );
    }
}
