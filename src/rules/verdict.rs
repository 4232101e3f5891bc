//! The judgement's vocabulary: how a criterion stands ([`Status`]) and what
//! kind of thing a warning is about ([`WarningKind`]). Their names are the
//! stable `status` and `kind` values of `gaps --json` (CONTRACT.md).

use crate::model::named::named_enum;

named_enum! {
    /// How a criterion stands: enough credited evidence, some, or none.
    pub enum Status {
        Met = "met",
        Partial = "partial",
        Missing = "missing",
    }
}

named_enum! {
    /// What a warning is about. Every kind the contract names is here,
    /// whether or not a rule reports it yet.
    pub enum WarningKind {
        /// "I would…": what would happen, not what did.
        Hypothetical = "hypothetical",
        /// The account never says how it turned out.
        NoOutcome = "no-outcome",
        /// No reasons for what was done.
        NoReasons = "no-reasons",
        /// No follow-up with the customer.
        NoFollowUp = "no-follow-up",
        /// Describes but does not evaluate.
        NoEvaluation = "no-evaluation",
        /// A customer's contact or card details.
        PersonalData = "personal-data",
        /// A thin entry claimed against many criteria.
        OverMapped = "over-mapped",
        /// The entry's words do not support a criterion it is mapped to.
        WeakFit = "weak-fit",
        /// Too few words for what it claims.
        Thin = "thin",
        /// What usually happens, not one occasion.
        Habitual = "habitual",
        /// Happened after the report date.
        FutureDate = "future-date",
        /// Too old to show current competence.
        OutOfDate = "out-of-date",
        /// Entries about one incident where distinct ones are needed.
        SameIncident = "same-incident",
        /// A unit evidenced only by the learner's own accounts.
        SingleSource = "single-source",
        /// The review cycle is broken.
        ReviewCadence = "review-cadence",
        /// Mapped to no criterion.
        Unmapped = "unmapped",
        /// Mapped to an id that is not a criterion.
        UnknownCriterion = "unknown-criterion",
        /// A criterion that needs a record (an email, a log) has none.
        NoRecord = "no-record",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_the_contract_names_is_here() {
        let contract = [
            "hypothetical",
            "no-outcome",
            "no-reasons",
            "no-follow-up",
            "no-evaluation",
            "personal-data",
            "over-mapped",
            "weak-fit",
            "thin",
            "habitual",
            "future-date",
            "out-of-date",
            "same-incident",
            "single-source",
            "review-cadence",
            "unmapped",
            "unknown-criterion",
        ];
        for name in contract {
            assert!(WarningKind::from_name(name).is_some(), "{name}");
        }
        assert_eq!(WarningKind::ALL.len(), contract.len() + 1, "and no-record");
        assert_eq!(Status::Partial.as_str(), "partial");
    }
}
