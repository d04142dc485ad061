//! The README stands alone (issue 10, point 12): every link and path it and the documents it
//! points to name is inside the repository, and exists.

use std::path::Path;

/// The targets of Markdown links `[text](target)` and of `` `path.md` `` mentions.
fn referenced_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push(rest[..end].to_string());
    }
    for piece in text.split('`').skip(1).step_by(2) {
        if piece.ends_with(".md") && !piece.contains(' ') {
            out.push(piece.to_string());
        }
    }
    out
}

#[test]
fn the_readme_and_its_documents_link_only_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    documents.extend(
        std::fs::read_dir(root.join("docs"))
            .expect("docs/")
            .map(|e| e.unwrap().path()),
    );
    for doc in &documents {
        let text = std::fs::read_to_string(doc).unwrap();
        let base = doc.parent().unwrap();
        for target in referenced_paths(&text) {
            let target = target.split('#').next().unwrap();
            if target.is_empty() || target.starts_with("http") {
                continue;
            }
            // Relative to the document (`../BENCHMARKS.md` from docs/ is inside), else the root.
            let found = [base.join(target), root.join(target)]
                .into_iter()
                .find_map(|p| p.canonicalize().ok());
            let Some(found) = found else {
                panic!("{}: `{target}` does not exist", doc.display());
            };
            assert!(
                found.starts_with(root.canonicalize().unwrap()),
                "{}: `{target}` leaves the repository",
                doc.display()
            );
        }
    }
}
