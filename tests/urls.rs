//! Addresses an auditor relies on (issue 21): facet slugs keep their meaning across
//! publications (the slug map in `data/slugs.json`), pinned slugs win, and links in
//! content resolve or are reported. Every test drives the real binary.

mod common;

use common::*;

fn build(site: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let out = site.join("public");
    disclose()
        .args(["build", "--quiet", "--root"])
        .arg(site)
        .args(extra)
        .assert()
        .success();
    out
}

fn read(out: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A record file with one lead unit.
fn unit_record(site: &std::path::Path, id: &str, unit: &str) {
    std::fs::write(
        site.join(format!("content/records/{id}.md")),
        format!(
            "---\nid: {id}\nkind: task\ntitle: 河道整治{id}\nregion: 石门镇\npollution_types: [water]\nlead_unit: {unit}\nstatus: in_progress\ndeadline: 2022-12-31\n---\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_homophone_unit_keeps_the_published_units_address() {
    let site = site_copy("good");
    unit_record(site.path(), "H-1", "河口镇人民政府");
    let out = build(site.path(), &[]);
    let old = "units/he-kou-zhen-ren-min-zheng-fu/index.html";
    assert!(read(&out, old).contains("河口镇人民政府"));
    let map = read(&out, "data/slugs.json");
    assert!(
        map.contains("\"河口镇人民政府\": \"he-kou-zhen-ren-min-zheng-fu\""),
        "{map}"
    );
    let manifest = read(&out, "manifest.json");
    assert!(
        manifest.contains("data/slugs.json"),
        "the slug map is listed in the manifest"
    );

    // 合口镇 sorts before 河口镇: made from scratch, it would take the bare slug.
    unit_record(site.path(), "H-2", "合口镇人民政府");
    let out = build(site.path(), &[]);
    let page = read(&out, old);
    assert!(page.contains("河口镇人民政府"), "{page}");
    assert!(
        !page.contains("合口镇人民政府"),
        "the old address still means 河口镇"
    );
    let new = read(&out, "units/he-kou-zhen-ren-min-zheng-fu-2/index.html");
    assert!(new.contains("合口镇人民政府"));
    assert!(read(&out, "records/H-1/index.html").contains("/dczg/units/he-kou-zhen-ren-min-zheng-fu/"));

    // Built again from its own slug map, nothing moves.
    let units = |out: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        tree(out)
            .into_iter()
            .filter(|(p, _)| p.starts_with("units/") || p == "data/slugs.json")
            .collect()
    };
    let before = units(&out);
    build(site.path(), &[]);
    assert!(before == units(&out), "a rebuild with the slug map moves nothing");
}

#[test]
fn a_unit_that_left_the_records_keeps_its_slug_reserved() {
    let site = site_copy("good");
    unit_record(site.path(), "H-1", "河口镇人民政府");
    build(site.path(), &[]);
    std::fs::remove_file(site.path().join("content/records/H-1.md")).unwrap();
    unit_record(site.path(), "H-2", "合口镇人民政府");
    let out = build(site.path(), &[]);
    assert!(!out.join("units/he-kou-zhen-ren-min-zheng-fu/index.html").exists());
    assert!(read(&out, "units/he-kou-zhen-ren-min-zheng-fu-2/index.html").contains("合口镇人民政府"));
    assert!(read(&out, "data/slugs.json").contains("\"河口镇人民政府\""));
}

#[test]
fn an_unreadable_slug_map_is_a_warning() {
    let site = site_copy("good");
    let out = build(site.path(), &[]);
    std::fs::write(out.join("data/slugs.json"), "{not json").unwrap();
    let output = disclose()
        .args(["build", "--root"])
        .arg(site.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("W0812"), "{text}");
}

#[test]
fn pinned_slugs_win_for_units_and_inspections() {
    let site = site_copy("good");
    unit_record(site.path(), "H-1", "河口镇人民政府");
    let out = build(site.path(), &[]);
    assert!(out.join("units/he-kou-zhen-ren-min-zheng-fu/index.html").exists());
    assert!(out.join("inspections/cei2-2021/index.html").exists());

    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let pinned = yaml.replace(
        "    started: 2021-04-06\n",
        "    started: 2021-04-06\n    slug: di-er-lun\n",
    );
    assert_ne!(pinned, yaml, "the test pins the fixture's inspection");
    let yaml = pinned + "units:\n  - { name: 河口镇人民政府, slug: hekou-gov }\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let out = build(site.path(), &[]);
    assert!(read(&out, "units/hekou-gov/index.html").contains("河口镇人民政府"));
    assert!(read(&out, "inspections/di-er-lun/index.html").contains("第二轮中央生态环境保护督察"));
    assert!(
        !out.join("inspections/cei2-2021").exists(),
        "the inspection's tables move with its page"
    );
    assert!(out.join("inspections/di-er-lun/problems/index.html").exists());
    let record = read(&out, "records/A-1/index.html");
    assert!(
        record.contains("href=\"/dczg/inspections/di-er-lun/\""),
        "{record}"
    );
    assert!(read(&out, "records/H-1/index.html").contains("href=\"/dczg/units/hekou-gov/\""));
    let map = read(&out, "data/slugs.json");
    assert!(
        map.contains("\"he-kou-zhen-ren-min-zheng-fu\": \"河口镇人民政府\""),
        "the slug before the pin is kept as a former one: {map}"
    );
}

#[test]
fn a_bad_or_repeated_pinned_slug_fails_check() {
    let site = site_copy("good");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
        + "units:\n  - { name: 河口镇人民政府, slug: HeKou }\n  - { name: 区工信局, slug: gxj }\n  - { name: 区水利局, slug: gxj }\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let output = disclose()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .failure()
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("E0414"), "{text}");
    assert!(text.contains("E0415"), "{text}");
    assert!(text.contains("site.yaml:"), "{text}");
}

#[test]
fn a_pinned_unit_leaves_a_redirect_at_its_old_address() {
    let site = site_copy("good");
    unit_record(site.path(), "H-1", "河口镇人民政府");
    build(site.path(), &[]);
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
        + "units:\n  - { name: 河口镇人民政府, slug: hekou-gov }\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let out = build(site.path(), &[]);
    let old = "units/he-kou-zhen-ren-min-zheng-fu/index.html";
    let page = read(&out, old);
    assert!(
        page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/dczg/units/hekou-gov/\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/dczg/units/hekou-gov/\">河口镇人民政府</a>"),
        "{page}"
    );
    assert!(
        read(&out, "manifest.json").contains(old),
        "the redirect is listed in the manifest"
    );
    assert!(!read(&out, "sitemap.xml").contains("he-kou-zhen-ren-min-zheng-fu"));

    // Opened from a folder, the redirect names the file relative to itself.
    let out = build(site.path(), &["--relative-urls"]);
    let page = read(&out, old);
    assert!(page.contains("url=../../units/hekou-gov/index.html\""), "{page}");
}

#[test]
fn a_renamed_unit_and_region_redirect_to_their_new_names() {
    let site = site_copy("good");
    unit_record(site.path(), "H-1", "区住建局");
    let out = build(site.path(), &[]);
    let old_unit = "units/qu-zhu-jian-ju/index.html";
    let old_region = "regions/shi-men-zhen/index.html";
    assert!(out.join(old_unit).exists() && out.join(old_region).exists());

    // The bureau and the town are renamed; site.yaml says what they were called.
    for entry in std::fs::read_dir(site.path().join("content/records")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md" || e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text
                .replace("区住建局", "区住房和城乡建设局")
                .replace("石门镇", "石门街道");
            std::fs::write(&path, text).unwrap();
        }
    }
    let yaml = std::fs::read_to_string(site.path().join("site.yaml"))
        .unwrap()
        .replace("  - 石门镇\n", "  - { name: 石门街道, formerly: [石门镇] }\n")
        + "units:\n  - { name: 区住房和城乡建设局, formerly: [区住建局] }\n";
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let out = build(site.path(), &[]);
    let unit = read(&out, old_unit);
    assert!(
        unit.contains("url=/dczg/units/qu-zhu-fang-he-cheng-xiang-jian-she-ju/\""),
        "{unit}"
    );
    assert!(unit.contains(">区住房和城乡建设局</a>"), "{unit}");
    let region = read(&out, old_region);
    assert!(
        region.contains("url=/dczg/regions/shi-men-jie-dao/\""),
        "{region}"
    );
    assert!(read(&out, "regions/shi-men-jie-dao/index.html").contains("石门街道"));
}

#[test]
fn at_links_lead_to_records_and_pages() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/links.md"),
        "---\ntitle: 链接\n---\n[A-1](@/records/A-1#timeline) [通知](@/notices/first.md) [照片](@/records/A-1/A-1-photo.txt)\n",
    )
    .unwrap();
    let out = build(site.path(), &[]);
    let html = read(&out, "links/index.html");
    assert!(html.contains("href=\"/dczg/records/A-1/#timeline\""), "{html}");
    assert!(html.contains("href=\"/dczg/notices/first/\""), "{html}");
    assert!(
        html.contains("href=\"/dczg/records/A-1/A-1-photo.txt\""),
        "{html}"
    );

    let out = build(site.path(), &["--relative-urls"]);
    let html = read(&out, "links/index.html");
    assert!(
        html.contains("href=\"../records/A-1/index.html#timeline\""),
        "{html}"
    );
    assert!(html.contains("href=\"../notices/first/index.html\""), "{html}");
}

#[test]
fn a_broken_internal_link_fails_check_at_its_file_and_line() {
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/links.md"),
        "---\ntitle: 链接\n---\n[好](/records/A-1/) [外站](https://www.mee.gov.cn/)\n\n见 [旧表](/records/Z-9/) 与 [通知](@/notices/third.md)\n",
    )
    .unwrap();
    let record = site.path().join("content/records/A-1.md");
    let text = std::fs::read_to_string(&record).unwrap() + "\n参见 [B](@/records/NO-SUCH)。\n";
    std::fs::write(&record, text).unwrap();
    let output = disclose()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("E0505"), "{text}");
    assert!(text.contains("content/links.md:6:3"), "{text}");
    assert!(text.contains("/records/Z-9/"), "{text}");
    assert!(text.contains("@/notices/third.md"), "{text}");
    assert!(text.contains("@/records/NO-SUCH"), "{text}");
    assert!(text.contains("content/records/A-1.md:"), "{text}");
    assert!(
        !text.contains("`/records/A-1/`"),
        "a good link is not reported: {text}"
    );
    assert_eq!(text.matches("E0505").count(), 3, "{text}");

    let zh = disclose_in("zh-CN")
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let zh = String::from_utf8_lossy(&zh.stderr).to_string() + &String::from_utf8_lossy(&zh.stdout);
    assert!(zh.contains("指向的页面或文件在本站不存在"), "{zh}");
}

/// A loopback web server: `/ok` answers 200, `/moved` redirects to `/ok`, `/slow` never
/// answers, anything else is 404. Returns its origin and the number of requests served.
fn link_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                // Read the headers to the blank line.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let path = line.split(' ').nth(1).unwrap_or("").to_string();
                let response = match path.as_str() {
                    "/ok" => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_string(),
                    "/moved" => "HTTP/1.1 301 Moved\r\nLocation: /ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(30));
                        return;
                    }
                    _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                };
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    (origin, hits)
}

#[test]
fn check_links_warns_about_external_links_that_do_not_answer() {
    let (origin, hits) = link_server();
    let site = site_copy("good");
    std::fs::write(
        site.path().join("content/links.md"),
        format!(
            "---\ntitle: 链接\n---\n[好]({origin}/ok) [跳转]({origin}/moved#x)\n\n[没了]({origin}/gone) [慢]({origin}/slow) [又一次]({origin}/ok#top)\n"
        ),
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let output = disclose()
            .args(["check", "--root"])
            .arg(site.path())
            .args(extra)
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout)
    };
    let text = check(&[]);
    assert!(!text.contains("W0506"), "{text}");
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing is fetched without --check-links"
    );

    let started = std::time::Instant::now();
    let text = check(&["--check-links", "--link-timeout", "2"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the timeout holds"
    );
    assert!(text.contains("W0506"), "{text}");
    assert!(text.contains(&format!("{origin}/gone")), "{text}");
    assert!(text.contains("HTTP 404"), "{text}");
    assert!(text.contains(&format!("{origin}/slow")), "{text}");
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains("content/links.md:6:"), "{text}");
    assert!(!text.contains(&format!("`{origin}/ok`")), "{text}");
    assert!(
        !text.contains(&format!("{origin}/moved")),
        "a redirect to a good page is fine: {text}"
    );
    // /ok once (its two links share one fetch), /moved and its /ok, /gone, /slow.
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 5);

    // build takes the flag too; warnings do not stop it.
    disclose()
        .args([
            "build",
            "--quiet",
            "--check-links",
            "--link-timeout",
            "2",
            "--root",
        ])
        .arg(site.path())
        .assert()
        .success();
}
