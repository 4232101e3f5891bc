//! The architecture, checked: the layers under `src/` use only the layers
//! below them, commands never use each other, and no module uses another
//! that uses it back (directly or round a longer circle). A source scan, so
//! a new `use` in the wrong place fails here with the file and the path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use (besides itself).
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("rules", &["model"]),
    ("render", &["model", "rules"]),
    ("store", &["model", "rules"]),
    ("cli", &["model", "rules", "render", "store"]),
];

/// A module of the crate: its path (`["cli", "commands", "add"]`), its
/// file, and its code without test modules and comments.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn modules() -> Vec<Module> {
    let mut files = Vec::new();
    collect(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(src()).ok()?.with_extension("");
            let mut path: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path.last().is_some_and(|p| p == "mod") {
                path.pop();
            }
            if path == ["lib"] || path == ["main"] {
                path.clear();
            }
            // Unit tests may reach anywhere to set a scene.
            if path.last().is_some_and(|p| p == "tests") {
                return None;
            }
            let text = std::fs::read_to_string(&file).ok()?;
            Some(Module {
                path,
                file,
                code: code_only(&text),
            })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for item in std::fs::read_dir(dir).unwrap().flatten() {
        let path = item.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text without `//` comments and without the `#[cfg(test)]` modules
/// at the end of a file.
fn code_only(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names: `crate::a::b`, `super::c`, and
/// `child::d` for its own child modules, with `{…}` groups expanded.
fn uses(module: &Module, all: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let code = &module.code;
    let children: Vec<&Vec<String>> = all
        .iter()
        .filter(|p| p.len() == module.path.len() + 1 && p.starts_with(&module.path))
        .collect();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        if !code.is_char_boundary(at) {
            at += 1;
            continue;
        }
        let boundary = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b':');
        if !boundary {
            at += 1;
            continue;
        }
        let rest = &code[at..];
        let (base, skip): (Vec<String>, usize) = if rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if rest.starts_with("super::") {
            let mut parent = module.path.clone();
            // A `mod.rs` or a leaf file: `super` is the parent module.
            parent.pop();
            (parent, "super::".len())
        } else if let Some(_child) = children
            .iter()
            .find(|c| rest.starts_with(&format!("{}::", c.last().unwrap())))
        {
            (module.path.clone(), 0)
        } else {
            at += 1;
            continue;
        };
        for path in expand(&rest[skip..]) {
            let mut full = base.clone();
            full.extend(path);
            // The longest prefix that is a module.
            while !full.is_empty() && !all.contains(&full) {
                full.pop();
            }
            if !full.is_empty() && full != module.path {
                found.insert(full);
            }
        }
        at += skip.max(1);
    }
    found
}

/// The lower-case path segments at the start of `text`, and those inside a
/// `{…}` group that follows them: `a::b::{c, d::E}` → `a::b::c`, `a::b::d`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut rest = text;
    loop {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        rest = &rest[word.len()..];
        head.push(word);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![head],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![head];
    };
    let mut depth = 1;
    let end = group
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            depth == 0
        })
        .map_or(group.len(), |(i, _)| i);
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    let inner = &group[..end];
    for (i, c) in inner.char_indices().chain([(inner.len(), ',')]) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                let item = inner[start..i].trim();
                if item != "self" {
                    for tail in expand(item) {
                        let mut path = head.clone();
                        path.extend(tail);
                        out.push(path);
                    }
                } else {
                    out.push(head.clone());
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

fn shown(path: &[String]) -> String {
    format!("crate::{}", path.join("::"))
}

/// Module path → the modules it names.
type Edges = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// Every module, and what each uses.
fn graph() -> (Vec<Module>, Edges) {
    let modules = modules();
    let all: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let edges = modules
        .iter()
        .map(|m| (m.path.clone(), uses(m, &all)))
        .collect();
    (modules, edges)
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let (modules, edges) = graph();
    let mut wrong = Vec::new();
    for m in &modules {
        let Some(layer) = m.path.first() else {
            continue;
        };
        let allowed = LAYERS
            .iter()
            .find(|(name, _)| name == layer)
            .unwrap_or_else(|| panic!("{} is in no layer; add it to LAYERS", m.file.display()))
            .1;
        for used in &edges[&m.path] {
            let other = &used[0];
            if other != layer && !allowed.contains(&other.as_str()) {
                wrong.push(format!("{} uses {}", m.file.display(), shown(used)));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn commands_never_use_each_other() {
    let (modules, edges) = graph();
    let commands = ["cli".to_string(), "commands".to_string()];
    let mut wrong = Vec::new();
    for m in modules
        .iter()
        .filter(|m| m.path.len() == 3 && m.path.starts_with(&commands))
    {
        for used in &edges[&m.path] {
            if used.starts_with(&commands) {
                wrong.push(format!("{} uses {}", m.file.display(), shown(used)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a command uses another:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_uses_itself_round_a_circle() {
    let (_, edges) = graph();
    // Depth-first search for a back edge, reporting the circle it closes.
    fn visit(
        node: &Vec<String>,
        edges: &Edges,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let circle: Vec<String> = stack[at..].iter().chain([node]).map(|p| shown(p)).collect();
            circles.push(circle.join(" -> "));
            return;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done, circles);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "modules use each other in a circle:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_scan_sees_uses_and_groups() {
    assert_eq!(
        expand("a::b::{c, d::E, self, f::{g, h}};"),
        [
            vec!["a", "b", "c"],
            vec!["a", "b", "d"],
            vec!["a", "b"],
            vec!["a", "b", "f", "g"],
            vec!["a", "b", "f", "h"],
        ]
    );
    let (_, edges) = graph();
    let walk = vec!["cli".to_string(), "walk".to_string()];
    // The walk-through uses the prompts: the scan must see such a use.
    assert!(
        edges[&walk].contains(&vec!["cli".to_string(), "prompt".to_string()]),
        "{:?}",
        edges[&walk]
    );
}
