//! A small English stemmer (Porter, 1980) so that "listened", "listening" and
//! "listen" match the same criterion keyword. Pure and allocation-light; it
//! expects one lowercase ASCII word and leaves anything else as it is.

/// The stem of one lowercase word. Words of one or two letters, and words
/// with anything but ASCII letters in them, are returned unchanged.
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut s = Stemmer {
        b: word.as_bytes().to_vec(),
        j: 0,
    };
    s.step1ab();
    if s.b.len() > 2 {
        s.step1c();
        s.step2();
        s.step3();
        s.step4();
        s.step5();
    }
    String::from_utf8(s.b).unwrap_or_else(|_| word.to_string())
}

struct Stemmer {
    b: Vec<u8>,
    /// End of the stem (exclusive) once `ends` has matched a suffix.
    j: usize,
}

impl Stemmer {
    fn is_consonant(&self, i: usize) -> bool {
        match self.b[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !self.is_consonant(i - 1),
            _ => true,
        }
    }

    /// The number of vowel-consonant sequences in `b[..j]`.
    fn measure(&self) -> usize {
        let mut n = 0;
        let mut i = 0;
        let j = self.j;
        while i < j && self.is_consonant(i) {
            i += 1;
        }
        loop {
            while i < j && !self.is_consonant(i) {
                i += 1;
            }
            if i >= j {
                return n;
            }
            while i < j && self.is_consonant(i) {
                i += 1;
            }
            n += 1;
            if i >= j {
                return n;
            }
        }
    }

    fn stem_has_vowel(&self) -> bool {
        (0..self.j).any(|i| !self.is_consonant(i))
    }

    /// `b[..end]` ends in a double consonant.
    fn double_consonant(&self, end: usize) -> bool {
        end >= 2 && self.b[end - 1] == self.b[end - 2] && self.is_consonant(end - 1)
    }

    /// `b[..end]` ends consonant-vowel-consonant, the last not w, x or y
    /// (hop → hope, but not snow → snowe).
    fn cvc(&self, end: usize) -> bool {
        if end < 3
            || !self.is_consonant(end - 1)
            || self.is_consonant(end - 2)
            || !self.is_consonant(end - 3)
        {
            return false;
        }
        !matches!(self.b[end - 1], b'w' | b'x' | b'y')
    }

    fn ends(&mut self, suffix: &str) -> bool {
        let s = suffix.as_bytes();
        if s.len() > self.b.len() || !self.b.ends_with(s) {
            return false;
        }
        self.j = self.b.len() - s.len();
        true
    }

    fn set_to(&mut self, replacement: &str) {
        self.b.truncate(self.j);
        self.b.extend_from_slice(replacement.as_bytes());
    }

    fn replace_if_measured(&mut self, replacement: &str) {
        if self.measure() > 0 {
            self.set_to(replacement);
        }
    }

    /// Plurals and -ed / -ing.
    fn step1ab(&mut self) {
        if self.b.ends_with(b"s") {
            if self.ends("sses") {
                self.set_to("ss");
            } else if self.ends("ies") {
                self.set_to("i");
            } else if !self.b.ends_with(b"ss") {
                self.b.pop();
            }
        }
        if self.ends("eed") {
            if self.measure() > 0 {
                self.b.pop();
            }
        } else if (self.ends("ed") || self.ends("ing")) && self.stem_has_vowel() {
            self.b.truncate(self.j);
            let len = self.b.len();
            if self.ends("at") || self.ends("bl") || self.ends("iz") {
                self.b.push(b'e');
            } else if self.double_consonant(len) {
                if !matches!(self.b[len - 1], b'l' | b's' | b'z') {
                    self.b.pop();
                }
            } else {
                self.j = len;
                if self.measure() == 1 && self.cvc(len) {
                    self.b.push(b'e');
                }
            }
        }
    }

    /// A final y after a vowel-bearing stem becomes i (happy → happi).
    fn step1c(&mut self) {
        if self.ends("y") && self.stem_has_vowel() {
            let last = self.b.len() - 1;
            self.b[last] = b'i';
        }
    }

    /// Double suffixes to single ones (-ization → -ize).
    fn step2(&mut self) {
        const RULES: &[(&str, &str)] = &[
            ("ational", "ate"),
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("izer", "ize"),
            ("bli", "ble"),
            ("alli", "al"),
            ("entli", "ent"),
            ("eli", "e"),
            ("ousli", "ous"),
            ("ization", "ize"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("iveness", "ive"),
            ("fulness", "ful"),
            ("ousness", "ous"),
            ("aliti", "al"),
            ("iviti", "ive"),
            ("biliti", "ble"),
            ("logi", "log"),
        ];
        self.apply_first(RULES);
    }

    /// -ic-, -full, -ness and friends.
    fn step3(&mut self) {
        const RULES: &[(&str, &str)] = &[
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ];
        self.apply_first(RULES);
    }

    fn apply_first(&mut self, rules: &[(&str, &str)]) {
        if let Some((_, to)) = rules.iter().find(|(from, _)| self.ends(from)) {
            self.replace_if_measured(to);
        }
    }

    /// Removes -ant, -ence, -ment, ... from longer stems.
    fn step4(&mut self) {
        const SUFFIXES: &[&str] = &[
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
            "ou", "ism", "ate", "iti", "ous", "ive", "ize",
        ];
        // The longest suffix that matches decides, as in the original.
        let Some(suffix) = SUFFIXES
            .iter()
            .filter(|s| self.b.ends_with(s.as_bytes()))
            .max_by_key(|s| s.len())
        else {
            return;
        };
        self.ends(suffix);
        if *suffix == "ion" && !(self.j > 0 && matches!(self.b[self.j - 1], b's' | b't')) {
            return;
        }
        if self.measure() > 1 {
            self.b.truncate(self.j);
        }
    }

    /// A final -e, and -ll after a long stem.
    fn step5(&mut self) {
        self.j = self.b.len();
        if self.b.ends_with(b"e") {
            self.j = self.b.len() - 1;
            let m = self.measure();
            if m > 1 || (m == 1 && !self.cvc(self.j)) {
                self.b.pop();
            }
        }
        self.j = self.b.len();
        if self.b.ends_with(b"ll") && self.measure() > 1 {
            self.b.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn porter_examples() {
        // From Porter's paper and its published vocabulary.
        let cases = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("triplicate", "triplic"),
            ("formative", "form"),
            ("electrical", "electr"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("airliner", "airlin"),
            ("adjustable", "adjust"),
            ("replacement", "replac"),
            ("adoption", "adopt"),
            ("effective", "effect"),
            ("probate", "probat"),
            ("controll", "control"),
            ("roll", "roll"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn forms_people_write_meet_at_one_stem() {
        let same = |words: &[&str]| {
            let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{words:?} → {stems:?}"
            );
        };
        same(&["listen", "listened", "listening", "listens"]);
        same(&["escalate", "escalated", "escalation", "escalating"]);
        same(&["apologise", "apologised", "apologising"]);
        same(&["complaint", "complaints"]);
        same(&["brief", "briefing", "briefings", "briefed"]);
        same(&["organise", "organised", "organisation"]);
        assert_eq!(stem("rota"), "rota");
        assert_eq!(stem("gdpr"), "gdpr");
        assert_eq!(stem("24h"), "24h");
        assert_eq!(stem("as"), "as");
    }
}
