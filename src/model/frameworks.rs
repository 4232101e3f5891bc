//! Reflection frameworks (STAR, IAIR, Gibbs, Driscoll, free text) and the
//! seeds' other models (HEAT, LASS, CRAFT, PDCA, RATER), all as data.

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Hinted;
use crate::model::names::closest;

pub const BUILTIN: &str = include_str!("../../criteria/frameworks.toml");

/// What a step contributes to a reflection; rules and lints key off this,
/// not off framework-specific names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Context,
    Task,
    Analysis,
    Action,
    Outcome,
    Evaluation,
    Next,
    Reflection,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub key: String,
    pub title: String,
    pub question: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default = "reflection_role")]
    pub role: Role,
}

fn reflection_role() -> Role {
    Role::Reflection
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: String,
    /// What kind of occasion it suits, for the menu: "one customer case…".
    #[serde(default)]
    pub suits: String,
    /// Whether the walk-through ends with the shared optional reflection
    /// step; false for frameworks whose own steps already reflect.
    #[serde(default = "yes")]
    pub reflection: bool,
    pub steps: Vec<Step>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub expansion: String,
    #[serde(default)]
    pub seed: String,
    #[serde(rename = "use", default)]
    pub usage: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A framework, or a section of one, that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error("unknown framework {input:?}")]
    UnknownFramework { input: String, hint: String },
    /// `framework` is the framework's name, as people know it.
    #[error("{framework} has no section {key:?}")]
    NoSection {
        framework: String,
        key: String,
        hint: String,
    },
}

impl Hinted for FrameworkError {
    fn hint(&self) -> Option<&str> {
        match self {
            FrameworkError::UnknownFramework { hint, .. }
            | FrameworkError::NoSection { hint, .. } => Some(hint),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    pub reflection: Step,
    pub frameworks: Vec<Framework>,
    #[serde(default)]
    pub models: Vec<Model>,
}

impl Frameworks {
    /// The built-in frameworks, parsed once per process (`cohort` needs
    /// them for every logbook).
    pub fn builtin() -> Frameworks {
        static BUILTIN_SET: std::sync::OnceLock<Frameworks> = std::sync::OnceLock::new();
        BUILTIN_SET.get_or_init(Frameworks::parse_builtin).clone()
    }

    fn parse_builtin() -> Frameworks {
        let mut set: Frameworks = match toml::from_str(BUILTIN) {
            Ok(set) => set,
            // Covered by a unit test; never reached in a released binary.
            Err(_) => Frameworks {
                reflection: Step {
                    key: "reflection".into(),
                    title: "Reflection".into(),
                    question: "What did you learn?".into(),
                    hint: String::new(),
                    role: Role::Reflection,
                },
                frameworks: Vec::new(),
                models: Vec::new(),
            },
        };
        set.reflection.role = Role::Reflection;
        set
    }

    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.frameworks.iter().map(|f| f.id.as_str())
    }

    /// Case-insensitive lookup with a "did you mean".
    pub fn resolve(&self, input: &str) -> Result<&Framework, FrameworkError> {
        let wanted = input.trim().to_lowercase();
        if let Some(f) = self.get(&wanted) {
            return Ok(f);
        }
        if let Some(f) = self
            .frameworks
            .iter()
            .find(|f| f.name.to_lowercase() == wanted)
        {
            return Ok(f);
        }
        let ids: Vec<&str> = self.ids().collect();
        Err(FrameworkError::UnknownFramework {
            input: input.trim().to_string(),
            hint: match closest(&wanted, ids.iter().copied()) {
                Some(best) => format!("did you mean {best}?"),
                None => format!("frameworks are {}", ids.join(", ")),
            },
        })
    }

    /// A framework's steps followed by the shared optional reflection step.
    pub fn steps<'a>(&'a self, framework: &'a Framework) -> impl Iterator<Item = &'a Step> {
        framework
            .steps
            .iter()
            .chain(std::iter::once(&self.reflection))
    }

    /// The steps the walk-through and the Markdown form ask for: the
    /// framework's own, and the optional reflection unless its own steps
    /// already reflect. (Every framework still accepts a `reflection`.)
    pub fn asked_steps<'a>(&'a self, framework: &'a Framework) -> impl Iterator<Item = &'a Step> {
        framework
            .steps
            .iter()
            .chain(framework.reflection.then_some(&self.reflection))
    }

    /// The step for a section key in this framework, with a "did you mean".
    pub fn step<'a>(
        &'a self,
        framework: &'a Framework,
        key: &str,
    ) -> Result<&'a Step, FrameworkError> {
        let wanted = key.trim().to_lowercase().replace('_', "-");
        if let Some(step) = self.steps(framework).find(|s| s.key == wanted) {
            return Ok(step);
        }
        let keys: Vec<&str> = self.steps(framework).map(|s| s.key.as_str()).collect();
        Err(FrameworkError::NoSection {
            framework: framework.name.clone(),
            key: key.trim().to_string(),
            hint: match closest(&wanted, keys.iter().copied()) {
                Some(best) => format!("did you mean {best}?"),
                None => format!("its sections are {}", keys.join(", ")),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_frameworks_have_the_contract_keys() {
        let set: Frameworks = toml::from_str(BUILTIN).unwrap();
        let keys = |id: &str| -> Vec<String> {
            set.get(id)
                .unwrap()
                .steps
                .iter()
                .map(|s| s.key.clone())
                .collect()
        };
        assert_eq!(keys("star"), ["situation", "task", "action", "result"]);
        assert_eq!(keys("iair"), ["identify", "analyse", "implement", "review"]);
        assert_eq!(keys("free"), ["text"]);
        assert_eq!(keys("driscoll"), ["what", "so-what", "now-what"]);
        assert_eq!(keys("gibbs").len(), 6);
        assert_eq!(set.reflection.key, "reflection");
        let asked = |id: &str| {
            set.asked_steps(set.get(id).unwrap())
                .any(|s| s.key == "reflection")
        };
        assert!(asked("star") && asked("iair"));
        assert!(
            !asked("gibbs") && !asked("driscoll") && !asked("free"),
            "they reflect already"
        );
        let models: Vec<&str> = set.models.iter().map(|m| m.id.as_str()).collect();
        for m in ["heat", "lass", "craft", "pdca", "rater"] {
            assert!(models.contains(&m), "{m}");
        }
        for f in &set.frameworks {
            assert!(!f.suits.is_empty(), "{} says what it suits", f.id);
            for s in &f.steps {
                assert!(
                    !s.question.is_empty() && !s.hint.is_empty(),
                    "{}.{}",
                    f.id,
                    s.key
                );
            }
        }
    }

    #[test]
    fn lookups_forgive_case_and_suggest() {
        let set = Frameworks::builtin();
        assert_eq!(
            set.resolve("STAR").map(|f| f.id.as_str()).ok(),
            Some("star")
        );
        let err = set.resolve("stra").map(|_| ()).unwrap_err();
        assert_eq!(
            err.with_hint(),
            "unknown framework \"stra\" (did you mean star?)"
        );
        let star = set.get("star").unwrap();
        assert_eq!(
            set.step(star, "Result").map(|s| s.key.as_str()).ok(),
            Some("result")
        );
        assert_eq!(
            set.step(star, "reflection").map(|s| s.role).ok(),
            Some(Role::Reflection)
        );
        let err = set.step(star, "resutl").map(|_| ()).unwrap_err();
        assert_eq!(err.hint(), Some("did you mean result?"), "{err}");
    }
}
