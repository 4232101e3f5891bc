use super::*;

fn hyp(text: &str) -> usize {
    read(text).hypothetical()
}

#[test]
fn reported_and_quoted_modals_are_not_hypothetical() {
    for text in [
        "I told her I would call her back on Wednesday.",
        "I told him I'd ring him back by five.",
        "She said she'd cancel if nobody came.",
        "He promised we would have it fixed by Friday.",
        "I explained that we would refund the delivery charge.",
        "I assured her that I'll personally chase it.",
        "I let her know I would email the summary by the end of the day.",
        "I reassured him we'd sort it.",
        "I said “I'll sort it today” and put the phone down.",
        "I told her, 'I'll ring you back before lunch,' and I did.",
        "\"We will fix this,\" I said.",
        "I agreed I would send a replacement.",
        "I knew it would take a week, so I said so.",
        "I decided I would handle it myself rather than pass it on.",
        "I promised I'd email the summary by five.",
        "She asked whether we would cover the cost.",
        "I moved Jo onto chat so the queue would clear.",
    ] {
        assert_eq!(hyp(text), 0, "{text}");
    }
}

#[test]
fn past_conditionals_weigh_options_and_are_not_hypothetical() {
    for text in [
        "Offering a voucher would have ignored what she actually needed.",
        "Moving him to another adviser would've meant starting again.",
        "We could have refunded, but she wanted the sofa.",
        "A replacement would have taken ten days.",
        "I couldn't authorise it myself, so I rang the duty manager.",
        "I could not override the system.",
        "Escalating straight away might have looked like passing the buck.",
        "I should have checked the notes first.",
        "I could see she was upset.",
    ] {
        let r = read(text);
        assert_eq!(r.hypothetical(), 0, "{text}");
    }
    assert!(read("A replacement would have taken ten days.").sentences[0].counterfactual > 0);
}

#[test]
fn the_writers_own_would_and_should_are_hypothetical() {
    for text in [
        "I would listen to the customer and apologise.",
        "I'd check the account and then I would offer a refund.",
        "We should always call the customer back within a day.",
        "If a customer complained, I would apologise first.",
        "In this situation I will explain the policy.",
        "Ideally the team lead handles it.",
        "I am going to make sure the team knows the standard.",
        "You would need to check their ID before anything else.",
    ] {
        assert!(hyp(text) >= 1, "{text}");
    }
}

#[test]
fn contractions_open_into_their_words() {
    let r = read("I'd already sent it. I'd send it again.");
    assert_eq!(r.sentences[0].hypothetical.len(), 0);
    assert_eq!(r.sentences[1].hypothetical.len(), 1);
}

#[test]
fn narration_counts_finite_past_verbs_only() {
    let r = read("I rang her and checked the order. It was delivered. I would have refunded.");
    assert_eq!(r.sentences[0].past, 2);
    assert_eq!(r.sentences[1].past, 1);
    assert_eq!(r.sentences[2].past, 0);
    assert_eq!(read("We need a speed check indeed.").past(), 0);
}

#[test]
fn habits_are_present_simple_with_frequency() {
    let r =
        read("I always check the queue first. Every morning we hold a huddle. I think it works.");
    assert!(r.sentences[0].frequency && r.sentences[0].present == 1);
    assert!(r.sentences[1].frequency && r.sentences[1].present == 1);
    assert_eq!(r.sentences[2].present, 0);
    assert_eq!(read("I rang him on Tuesday.").present(), 0);
}

#[test]
fn outcomes_in_everyday_words() {
    for text in [
        "Her wrap time was down to 2 minutes.",
        "Complaints fell from 40 a week to 12.",
        "The queue never went past six.",
        "She replied to say thanks.",
        "The backlog was gone by Friday, and abandoned calls dropped to 3%.",
        "He was much calmer by the end of the call.",
        "The engineer arrived the next morning and the heating was fixed.",
    ] {
        assert!(read(text).any(|s| s.outcome), "{text}");
    }
    assert!(!read("I explained the policy to the customer.").any(|s| s.outcome));
}

#[test]
fn follow_up_in_everyday_words() {
    for text in [
        "I rang her on the 24th to check it had arrived.",
        "I emailed him to confirm that it had gone through.",
        "I rang him two days later.",
        "I called back on Thursday to check the engineer had been.",
        "I texted her the next morning to check.",
        "I popped back to see him after lunch.",
        "A week later I emailed to make sure the refund had landed.",
        "I checked the abandon rate every day for a week afterwards.",
        "I followed up with a letter.",
    ] {
        assert!(read(text).any(|s| s.follow_up), "{text}");
    }
    assert!(!read("I apologised and processed the refund.").any(|s| s.follow_up));
}

#[test]
fn reasons_in_everyday_words() {
    for text in [
        "I chose the replacement because she needed it for the weekend.",
        "A voucher would have missed the point.",
        "I moved two people onto the phones so that the queue came down.",
        "Policy allowed a goodwill credit up to £50, so I offered £30.",
        "I went with a refund rather than a repair.",
        "I rang the warehouse to make sure it was in stock.",
    ] {
        assert!(read(text).any(|s| s.reason), "{text}");
    }
    assert!(!read("I refunded her. She was happy.").any(|s| s.reason));
}

fn reasons(text: &str) -> u32 {
    read(text).sentences.iter().map(|s| s.reasons).sum()
}

#[test]
fn circular_reasons_give_none() {
    for text in [
        "I refunded the fee because it needed doing.",
        "I refunded the fee because it needed doing and it was the right thing to do.",
        "I offered a letter because that was the best option.",
        "I went with this because I felt it was the correct decision in the situation.",
        "I escalated it as it was the right thing to do.",
        "I did it because I had to.",
        "I gave her the credit because it was important.",
        "I rang the depot since it made sense.",
        "I chose the refund because I thought it was best.",
        "We swapped the rota because it needed sorting.",
        "I passed it on because that's my job.",
    ] {
        assert_eq!(reasons(text), 0, "{text}");
    }
}

#[test]
fn a_specific_reason_counts_and_a_detailed_one_counts_twice() {
    for text in [
        "I chose the replacement because she needed it for the weekend.",
        "I escalated it since the boiler had failed twice in a week.",
        "I refunded the fee because the transfer arrived before the cut-off.",
    ] {
        assert!(reasons(text) >= 1, "{text}");
    }
    for text in [
        "I arranged a replacement from store stock because the supplier lead time was six weeks and she had family coming for Christmas.",
        "I rang her myself because the first adviser had promised a call back that never happened and she was close to leaving.",
    ] {
        assert!(reasons(text) >= 2, "{text}");
    }
    assert!(reasons("I explained why: the next adviser needs to pick it up.") >= 1);
}

#[test]
fn general_satisfaction_is_not_an_evaluation() {
    for text in [
        "I think I handled it ok.",
        "Overall it went well.",
        "On reflection I think I did fine.",
        "I was happy with how it went.",
        "Looking back, it worked well.",
        "I feel it was a good outcome overall.",
    ] {
        assert!(!read(text).any(|s| s.evaluation), "{text}");
    }
    for text in [
        "Looking back, that was the wrong call.",
        "I think the checklist made the difference.",
        "It went well because the team knew the new script.",
        "I was pleased the callbacks were all done by Friday.",
    ] {
        assert!(read(text).any(|s| s.evaluation), "{text}");
    }
}

#[test]
fn every_evaluation_frame_is_an_evaluation_pattern() {
    for frame in lexicon::EVALUATION_FRAMES {
        assert!(lexicon::EVALUATION.contains(frame), "{frame}");
    }
}

#[test]
fn contractions_without_apostrophes_read_as_their_words() {
    assert_eq!(hyp("I wouldnt do it that way."), 1);
    assert_eq!(hyp("I didnt ring her."), 0);
    assert!(read("Im sure I cant fix it.").sentences[0].words > 0);
}

#[test]
fn evaluation_without_the_word() {
    for text in [
        "In hindsight I left it too late.",
        "Looking back, that was the wrong call.",
        "It worked because everyone knew their slot.",
        "I'd underestimated how long the checks take.",
        "Next time I will brief the team first.",
    ] {
        assert!(read(text).any(|s| s.evaluation), "{text}");
    }
}

#[test]
fn plans_and_next_time_are_marked() {
    assert!(read("In week 2 the team will start the new rota.").sentences[0].plan);
    assert!(read("From January we will survey 50 customers a month.").sentences[0].plan);
    assert!(read("Next time I will ask for the order number first.").sentences[0].next_time);
}

#[test]
fn occasions_are_marked() {
    for text in [
        "Yesterday a customer rang about a refund.",
        "On Tuesday I ran the huddle.",
        "Last week the system went down.",
        "On 14 October the heating failed.",
        "One morning a tenant came in upset.",
    ] {
        assert!(read(text).any(|s| s.occasion), "{text}");
    }
    assert!(!read("I always check the queue.").any(|s| s.occasion));
}

#[test]
fn never_panics() {
    for t in [
        "",
        "'",
        "I'",
        "'d",
        "n't",
        "I would",
        "would have",
        "“I'll",
        "if",
        "so would",
    ] {
        let _ = read(t);
    }
}
