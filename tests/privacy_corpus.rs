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

#[test]
fn recall_is_complete_and_there_are_no_false_positives() {
    let positives = lines("positives.txt");
    let negatives = lines("negatives.txt");
    assert!(
        positives.len() + negatives.len() >= 200,
        "the corpus has at least 200 lines"
    );
    let missed: Vec<&String> = positives.iter().filter(|l| scan(l, &[]).is_empty()).collect();
    let flagged: Vec<(&String, Vec<String>)> = negatives
        .iter()
        .map(|l| {
            (
                l,
                scan(l, &[])
                    .into_iter()
                    .map(|h| format!("{:?} {}", h.kind, h.masked))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, hits)| !hits.is_empty())
        .collect();
    println!(
        "privacy corpus: recall {}/{} ({:.1}%), false positives {}/{}",
        positives.len() - missed.len(),
        positives.len(),
        100.0 * (positives.len() - missed.len()) as f64 / positives.len() as f64,
        flagged.len(),
        negatives.len()
    );
    assert!(missed.is_empty(), "missed: {missed:#?}");
    assert!(flagged.is_empty(), "false positives: {flagged:#?}");
}

#[test]
fn hits_are_masked_in_every_positive() {
    for line in lines("positives.txt") {
        for hit in scan(&line, &[]) {
            let found = &line[hit.range.clone()];
            assert_ne!(hit.masked, found, "{line}: the message would echo the data");
            assert!(hit.masked.contains('*'), "{line}");
        }
    }
}
