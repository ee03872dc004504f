//! The privacy guard on a labelled corpus (tests/fixtures/privacy/): every positive line
//! must be caught (recall 100%) and no negative line flagged (zero false positives).
//! Run with `--nocapture` to see the rates.

use disclose::validate::privacy::scan;

fn lines(name: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/privacy")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// One labelled set: lines missed among the positives, lines flagged among the negatives.
fn rates(name: &str, positives: &[String], negatives: &[String]) -> (Vec<String>, Vec<String>) {
    let missed: Vec<String> = positives
        .iter()
        .filter(|l| scan(l, &[]).is_empty())
        .cloned()
        .collect();
    let flagged: Vec<String> = negatives
        .iter()
        .filter_map(|l| {
            let hits: Vec<String> = scan(l, &[])
                .into_iter()
                .map(|h| format!("{:?} {}", h.kind, h.masked))
                .collect();
            (!hits.is_empty()).then(|| format!("{l} -> {hits:?}"))
        })
        .collect();
    println!(
        "privacy corpus ({name}): recall {}/{} ({:.1}%), false positives {}/{}",
        positives.len() - missed.len(),
        positives.len(),
        100.0 * (positives.len() - missed.len()) as f64 / positives.len() as f64,
        flagged.len(),
        negatives.len()
    );
    (missed, flagged)
}

#[test]
fn recall_is_complete_and_there_are_no_false_positives() {
    let mut total = 0;
    let mut missed = Vec::new();
    let mut flagged = Vec::new();
    // The original corpus, and the forms people really type (full-width, Unicode
    // spaces and dashes, label variants, IDN e-mail, labelled names).
    for (name, pos, neg) in [
        ("plain", "positives.txt", "negatives.txt"),
        ("typed", "typed-positives.txt", "typed-negatives.txt"),
    ] {
        let positives = lines(pos);
        let negatives = lines(neg);
        total += positives.len() + negatives.len();
        let (m, f) = rates(name, &positives, &negatives);
        missed.extend(m);
        flagged.extend(f);
    }
    assert!(total >= 300, "the corpus has at least 300 lines");
    assert!(missed.is_empty(), "missed: {missed:#?}");
    assert!(flagged.is_empty(), "false positives: {flagged:#?}");
}

#[test]
fn hits_are_masked_in_every_positive() {
    for line in lines("positives.txt")
        .into_iter()
        .chain(lines("typed-positives.txt"))
    {
        for hit in scan(&line, &[]) {
            let found = &line[hit.range.clone()];
            assert_ne!(hit.masked, found, "{line}: the message would echo the data");
            assert!(hit.masked.contains('*'), "{line}");
        }
    }
}

proptest::proptest! {
    /// A mobile number is caught however it is typed: any separator people use between
    /// its 3-4-4 groups, ASCII or full-width digits, with or without a label.
    #[test]
    fn a_mobile_is_caught_in_every_typed_form(
        number in "1[3-9][0-9]{9}",
        sep in proptest::sample::select(vec!["", " ", "  ", "-", "–", "—", "－", "\u{a0}", "\u{3000}", ".", "/", " - ", "\u{200b}"]),
        wide in proptest::bool::ANY,
        label in proptest::sample::select(vec!["", "电话", "手机：", "联系方式 ", "举报人电话为"]),
    ) {
        let widen = |s: &str| -> String {
            if wide {
                s.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect()
            } else {
                s.to_string()
            }
        };
        let text = format!("{label}{}{sep}{}{sep}{}。", widen(&number[..3]), widen(&number[3..7]), widen(&number[7..]));
        let hits = scan(&text, &[]);
        proptest::prop_assert_eq!(hits.len(), 1, "{}", text);
        proptest::prop_assert_eq!(hits[0].kind, disclose::validate::privacy::Pii::Mobile);
        let found = &text[hits[0].range.clone()];
        proptest::prop_assert!(found.starts_with(&widen(&number[..3])) && found.ends_with(&widen(&number[7..])), "{}", found);
        // The middle four digits never reach a message.
        proptest::prop_assert_eq!(hits[0].masked.chars().filter(|&c| c == '*').count(), 4, "{}", &hits[0].masked);
    }
}
