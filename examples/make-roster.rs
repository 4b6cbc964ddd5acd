//! Writes a synthetic roster for `samtale forms`:
//! `cargo run --example make-roster -- 10000 > people.csv`.
//!
//! Norwegian and English names (with æ, ø, å, apostrophes and hyphens; one
//! in 25 long, one in 40 full of markup characters),
//! about twelve employees per leader, dates spread over the demo round,
//! and the demo's languages. The same count gives the same file.

use std::io::Write;

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let first = [
        "Åse", "Ola", "Kari", "Bjørn", "Ærling", "Siobhán", "Liam", "Ingrid", "Håkon", "Emma",
        "Noah", "Sofie", "Øystein", "Grace", "Jens", "Mari", "Aksel", "Olivia", "Sindre", "Nora",
    ];
    let last = [
        "Ødegård-Ås",
        "Nordmann",
        "O'Brien",
        "Hansen",
        "Bakke",
        "Smith",
        "Strøm",
        "Johansen",
        "Dæhlie",
        "Jones",
        "Berg",
        "Haugen",
        "Åsheim",
        "Taylor",
        "Lie",
        "Kristiansen",
    ];
    let units = ["Teknisk drift", "Vann & avløp", "Skole; barnehage", "Helse og omsorg", "Kultur"];
    let langs = ["nb", "nb", "nb", "nn", "en"];
    // A small linear congruential generator: reproducible, no dependency.
    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`| head`) just ends the output.
    if writeln!(out, "employee;leader;unit;date;lang;email;employee_id").is_err() {
        return;
    }
    let leaders = count.div_ceil(12).max(1);
    for i in 0..count {
        let mut name = format!("{} {}", first[next(first.len())], last[next(last.len())]);
        // Now and then a long name, which wraps on the forms, and a name
        // with Typst, Markdown, HTML and template syntax, which must print
        // as typed.
        if i % 25 == 7 {
            name = format!(
                "{} {}-{} {}-{}",
                first[next(first.len())],
                last[next(last.len())],
                last[next(last.len())],
                last[next(last.len())],
                last[next(last.len())]
            );
        } else if i % 40 == 11 {
            name = format!(
                "#{} *{}* $x$ <b>[1]</b> @ref \\ {{{{ y }}}}",
                first[i % first.len()],
                last[i % last.len()]
            );
        }
        let leader = i * leaders / count;
        let leader_name = format!(
            "{} {} ({})",
            first[leader % first.len()],
            last[leader % last.len()],
            leader + 1
        );
        let unit = units[leader % units.len()];
        let day = 11 + next(47); // 11 January to 26 February 2027
        let (month, day) = if day > 31 { (2, day - 31) } else { (1, day) };
        let email = format!("person{}@example.no", i + 1);
        let lang = langs[next(langs.len())];
        let id = 100000 + i;
        let row =
            format!("{name};{leader_name};\"{unit}\";{day:02}.{month:02}.2027;{lang};{email};{id}");
        if writeln!(out, "{row}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
