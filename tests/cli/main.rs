//! End-to-end tests: the real binary in a temporary data directory, with the
//! environment cleared and time pinned. One test binary keeps link time low.

mod support;

mod test_add;
mod test_cache;
mod test_check;
mod test_cohort;
mod test_criteria;
mod test_edit;
mod test_export;
mod test_export_fuzz;
mod test_fifo;
mod test_gaps;
mod test_guided;
mod test_import;
mod test_layers;
mod test_leaks;
mod test_list_show;
mod test_polish;
mod test_portfolio;
mod test_portfolio_reliability;
mod test_quality;
mod test_quals;
mod test_reliability;
mod test_reliability2;
mod test_search;
mod test_shell;
mod test_suggest;
mod test_sync;
mod test_trash;
mod test_trial;
