//! Writes a realistic, deterministic logbook for benchmarks:
//! `cargo run --release --example gen -- --entries 10000 --dir /tmp/lb [--seed 1]`.
//!
//! Entries of 0.5–2 KB spread over the two years before 2026-11-27, across
//! every unit, framework (step keys from `criteria/frameworks.toml`) and
//! evidence type, written through the crate's own `Store::create_entry`, so
//! the files, ids and layout are exactly what `logbook add` produces.
//! `--jrnl FILE` also writes the same entries as a jrnl 4.x plain-text
//! journal (timeformat `%F %r`, tags as `@tag`), for the comparison in
//! `bench/run.sh`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone};
use clap::Parser;
use indexmap::IndexMap;
use logbook::model::criteria::Catalogue;
use logbook::model::entry::Entry;
use logbook::model::evidence::EvidenceType;
use logbook::model::frameworks::{Frameworks, Role};
use logbook::store::Store;

#[derive(Parser)]
struct Args {
    /// How many entries to write
    #[arg(long)]
    entries: usize,
    /// The data directory to create (must not hold entries yet)
    #[arg(long)]
    dir: PathBuf,
    /// Different seeds give different logbooks; the same seed, the same one
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the same entries as a jrnl plain-text journal here
    #[arg(long, value_name = "FILE")]
    jrnl: Option<PathBuf>,
}

/// SplitMix64: small, fast and stable across platforms and releases.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const PRODUCTS: &[&str] = &[
    "oak dining table",
    "corner sofa",
    "double mattress",
    "wardrobe",
    "made-to-order armchair",
    "set of curtains",
    "bedside cabinet",
    "garden furniture set",
    "kitchen bar stools",
    "bookcase",
    "rug",
    "office chair",
];

const PROBLEMS: &[&str] = &[
    "a late delivery",
    "a damaged item",
    "a missed delivery slot",
    "a refund that had not arrived",
    "a duplicate payment",
    "a wrong item delivered",
    "a broken promise of a callback",
    "a faulty part",
    "an incorrect invoice",
    "a cancelled order nobody had confirmed",
];

const CHANNELS: &[&str] = &["phone", "email", "web chat", "social media", "in store"];

const ROLES: &[&str] = &[
    "a new adviser",
    "a senior adviser",
    "the warehouse supervisor",
    "the finance team",
    "my operations manager",
    "the delivery partner",
    "the store manager",
];

const TITLES: &[&str] = &[
    "Complaint about {problem} on a {product}",
    "{Channel} contact about {problem}",
    "Escalation: {problem} for a {product}",
    "Coaching {role} after {problem}",
    "Team huddle on {problem}",
    "Reviewing {channel} feedback on {problem}",
    "Service plan change after {problem}",
    "Follow-up call about a {product}",
    "Observed call: {problem}",
    "Rota and queue plan for the {product} sale",
];

const TAGS: &[&str] = &[
    "complaint",
    "phone",
    "email",
    "chat",
    "refund",
    "delivery",
    "damaged-goods",
    "escalation",
    "coaching",
    "rota",
    "briefing",
    "survey",
    "peak",
    "supplier",
    "vulnerable-customer",
    "policy",
    "quality",
    "team",
];

const WITNESSES: &[&str] = &[
    "Team leader",
    "Operations manager",
    "Assessor",
    "Store manager",
    "Quality coach",
];

fn sentences(role: Role) -> &'static [&'static str] {
    match role {
        Role::Context => &[
            "On a busy {day} shift a customer contacted us by {channel} about {problem} on their {product}.",
            "The queue was already at twenty minutes when {role} asked me to take over a contact about {problem}.",
            "A customer had been promised a callback twice about their {product} and nobody had rung back.",
            "Our weekly figures showed repeat contacts about {problem} had doubled over the month.",
            "The customer was upset because this was the third time they had explained {problem}.",
            "It happened during the Monday peak, with two advisers off sick and the web chat backlog growing.",
        ],
        Role::Task => &[
            "My job was to put things right within our returns policy and my authority limit of £250.",
            "I needed to find out what the customer actually needed, not just what they first asked for.",
            "I had to keep the service level of answering 80% of calls in 30 seconds while this was sorted.",
            "As the supervisor on shift I was responsible for deciding whether to escalate to {role}.",
            "The task was to resolve the contact at first point of contact if at all possible.",
        ],
        Role::Analysis => &[
            "When I looked at the case notes the root cause was that {role} had not been told about the change.",
            "I weighed up a repair, a replacement and a refund against the policy and the customer's dates.",
            "The pattern in the log showed the problem came from the booking system, not from the advisers.",
            "I compared the cost of a goodwill gesture with the cost of losing a loyal customer.",
            "Talking it through with {role} showed that the script encouraged advisers to promise too much.",
        ],
        Role::Action => &[
            "I listened without interrupting, apologised for {problem} and asked clarifying questions.",
            "I rang {role} to agree a replacement and confirmed the new date with the customer the same day.",
            "I briefed the team at the next huddle and changed the callback script so promises match what we can do.",
            "I escalated the refund to {role} because it was beyond my authority, and told the customer when to expect it.",
            "I chose a replacement over a repair because it met the customer's deadline, and I explained why.",
            "I set up a shared tracker so every adviser could see open cases about {problem}.",
        ],
        Role::Outcome => &[
            "The customer thanked us, and the case was closed in the CRM two days later.",
            "Repeat contacts about {problem} fell by a third over the following four weeks.",
            "I called the customer back a week later to check they were happy, and they were.",
            "The survey score for the team went from 7.9 to 8.4 the next month.",
            "The refund arrived within five working days, as I had promised.",
        ],
        Role::Evaluation => &[
            "I felt under pressure at first but calmer once I had a plan.",
            "What went well was listening first; what went less well was how long the escalation took.",
            "On reflection the customer needed certainty about dates more than compensation.",
            "I was pleased that the team took the change on board so quickly.",
        ],
        Role::Next => &[
            "Next time I will check the stock position before offering any date.",
            "I will add this case to the coaching plan for {role} and review it in a month.",
            "I plan to ask for witness testimony from my manager for the next escalation.",
            "From now on I will review the callback log every Friday.",
        ],
        Role::Reflection => &[
            "I learned that a clear explanation of the options calms a customer faster than an apology alone.",
            "I realised I tend to solve problems myself instead of coaching the adviser to solve them.",
            "This showed me why the service offer has to match what the operation can deliver.",
        ],
    }
}

/// Fills `{problem}`-style slots from the word lists.
fn fill(template: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let slot = &rest[start + 1..start + end];
        let word = match slot.to_lowercase().as_str() {
            "problem" => rng.pick(PROBLEMS),
            "product" => rng.pick(PRODUCTS),
            "channel" => rng.pick(CHANNELS),
            "role" => rng.pick(ROLES),
            "day" => rng.pick(&[
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
            ]),
            _ => slot,
        };
        if slot.starts_with(char::is_uppercase) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// UK local time: +01:00 from April to October, +00:00 otherwise (close
/// enough to British Summer Time for test data).
fn uk_offset(day: NaiveDate) -> FixedOffset {
    use chrono::Datelike;
    let seconds = if (4..=10).contains(&day.month()) {
        3600
    } else {
        0
    };
    FixedOffset::east_opt(seconds).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"))
}

fn at(day: NaiveDate, minutes: u32) -> DateTime<FixedOffset> {
    let naive = day
        .and_hms_opt(minutes / 60, minutes % 60, 0)
        .unwrap_or_default();
    uk_offset(day)
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| uk_offset(day).from_utc_datetime(&naive))
}

fn weighted<T: Clone>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total as usize) as u32;
    for (item, w) in items {
        if n < *w {
            return item.clone();
        }
        n -= w;
    }
    items[0].0.clone()
}

/// One entry, with its file size aimed at 0.5–2 KB (about 1.1 KB on average).
pub(crate) fn make_entry(
    rng: &mut Rng,
    catalogue: &Catalogue,
    frameworks: &Frameworks,
    end: NaiveDate,
) -> Entry {
    let occurred = end - Days::new(rng.below(730) as u64);
    let created_day = occurred + Days::new(rng.below(4) as u64);
    let created = at(created_day, 8 * 60 + rng.below(13 * 60) as u32);
    let updated = rng.chance(0.15).then(|| {
        at(
            created_day + Days::new(1 + rng.below(20) as u64),
            8 * 60 + rng.below(13 * 60) as u32,
        )
    });

    let framework = weighted(
        rng,
        &[
            ("star", 45),
            ("iair", 20),
            ("gibbs", 15),
            ("driscoll", 10),
            ("free", 10),
        ],
    );
    let evidence = weighted(
        rng,
        &[
            (EvidenceType::ReflectiveAccount, 50),
            (EvidenceType::Observation, 12),
            (EvidenceType::WitnessTestimony, 13),
            (EvidenceType::Product, 15),
            (EvidenceType::ProfessionalDiscussion, 10),
        ],
    );
    let units = &catalogue.units;
    let mut criteria: Vec<String> = Vec::new();
    if !rng.chance(0.03) {
        let unit = &units[rng.below(units.len())];
        for _ in 0..1 + rng.below(3) {
            let c = &unit.criteria[rng.below(unit.criteria.len())];
            if !criteria.contains(&c.id) {
                criteria.push(c.id.clone());
            }
        }
        if rng.chance(0.2) {
            let other = &units[rng.below(units.len())];
            let c = &other.criteria[rng.below(other.criteria.len())];
            if !criteria.contains(&c.id) {
                criteria.push(c.id.clone());
            }
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..rng.below(4) {
        let t = rng.pick(TAGS).to_string();
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let witness = matches!(
        evidence,
        EvidenceType::Observation | EvidenceType::WitnessTestimony
    )
    .then(|| rng.pick(WITNESSES).to_string());
    let attachments = if evidence == EvidenceType::Product {
        vec![format!(
            "documents/{occurred}-{}.pdf",
            rng.pick(&["rota", "plan", "email", "minutes", "report"])
        )]
    } else {
        Vec::new()
    };

    let mut entry = Entry {
        id: format!("{occurred}-x"),
        title: fill(rng.pick(TITLES), rng),
        created,
        occurred,
        updated,
        framework: framework.to_string(),
        evidence,
        criteria,
        tags,
        witness,
        attachments,
        source: None,
        sections: IndexMap::new(),
    };

    let target = 520 + (1400.0 * rng.unit().powf(1.5)) as usize;
    let steps: Vec<(String, Role)> = frameworks
        .get(framework)
        .map(|f| {
            frameworks
                .steps(f)
                .map(|s| (s.key.clone(), s.role))
                .collect()
        })
        .unwrap_or_default();
    let with_reflection = rng.chance(0.4);
    let steps: Vec<&(String, Role)> = steps
        .iter()
        .filter(|(_, role)| *role != Role::Reflection || with_reflection)
        .collect();
    let mut size = entry.to_toml().map_or(0, |t| t.len()) + "[sections]\n".len();
    let mut texts: Vec<String> = vec![String::new(); steps.len()];
    let mut i = 0;
    loop {
        let (key, role) = steps[i % steps.len()];
        let sentence = fresh_sentence(rng, *role, &texts[i % steps.len()]);
        let grow = if texts[i % steps.len()].is_empty() {
            key.len() + sentence.len() + 12
        } else {
            sentence.len() + 1
        };
        if size + grow > target && i >= steps.len() {
            break;
        }
        let text = &mut texts[i % steps.len()];
        if !text.is_empty() {
            text.push(if rng.chance(0.25) { '\n' } else { ' ' });
        }
        text.push_str(&sentence);
        size += grow;
        i += 1;
        if size > 1920 {
            break;
        }
    }
    for ((key, _), text) in steps.iter().zip(texts) {
        entry.sections.insert(key.clone(), text);
    }
    // The estimate above errs high; top up a short entry to the minimum.
    while entry.to_toml().map_or(0, |t| t.len()) < 500 {
        let Some((key, text)) = entry.sections.get_index_mut(0) else {
            break;
        };
        let role = steps
            .iter()
            .find(|(k, _)| k == key)
            .map_or(Role::Context, |(_, r)| *r);
        let sentence = fresh_sentence(rng, role, text);
        text.push(' ');
        text.push_str(&sentence);
    }
    entry
}

/// A sentence for a step that the section does not already contain.
fn fresh_sentence(rng: &mut Rng, role: Role, so_far: &str) -> String {
    let mut sentence = fill(rng.pick(sentences(role)), rng);
    for _ in 0..8 {
        if !so_far.contains(&sentence) {
            break;
        }
        sentence = fill(rng.pick(sentences(role)), rng);
    }
    sentence
}

/// jrnl's journal.txt form of an entry: `[date] title`, the body, tags.
fn jrnl_text(entry: &Entry, out: &mut String) {
    let _ = writeln!(out, "[{}] {}", entry.created.format("%F %r"), entry.title);
    for text in entry.sections.values() {
        let _ = writeln!(out, "{text}");
    }
    let tags: Vec<String> = entry
        .tags
        .iter()
        .map(|t| format!("@{t}"))
        .chain(
            entry
                .criteria
                .iter()
                .map(|c| format!("@{}", c.replace('.', "-"))),
        )
        .collect();
    if !tags.is_empty() {
        let _ = writeln!(out, "{}", tags.join(" "));
    }
    out.push('\n');
}

fn main() -> ExitCode {
    let args = Args::parse();
    let store = Store::new(&args.dir);
    if !store.list_files().files.is_empty() {
        eprintln!(
            "error: {} already holds entries; give an empty or new directory",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    let catalogue = Catalogue::builtin();
    let frameworks = Frameworks::builtin();
    let end = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    let mut rng = Rng(args.seed);
    let mut written = Vec::with_capacity(args.entries);
    for _ in 0..args.entries {
        let mut entry = make_entry(&mut rng, &catalogue, &frameworks, end);
        if let Err(e) = store.create_entry(&mut entry) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
        written.push(entry);
    }
    if let Some(path) = &args.jrnl {
        written.sort_by_key(|e| e.created);
        let mut text = String::new();
        for entry in &written {
            jrnl_text(entry, &mut text);
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    eprintln!("wrote {} entries to {}", args.entries, args.dir.display());
    ExitCode::SUCCESS
}
