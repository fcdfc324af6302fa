import Foundation
import Testing

/// `driftback report --format html` on the samples: the golden page, and the page in a real headless
/// browser (Chromium) with JavaScript on and off, with a screenshot.
@Suite("driftback report --format html (CLI)")
struct HTMLReportCLITests {
  @Test func samplesHTMLReportMatchesGolden() throws {
    let result = try CLIRunner.run(["report", "--format", "html"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("kustomization.yaml:3:1: note: skipped Kustomization"))
    try CLIRunner.assertGolden(result.stdout, "report-samples.html")
    let html = result.stdout
    // One row per finding of the JSON report, and the proposed back-ports the CLI planned.
    let json = try CLIRunner.run(["report", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    #expect(html.components(separatedBy: "<tr class=\"finding").count - 1 == findings.count)
    for finding in findings {
      let id = try #require(finding["id"] as? String)
      #expect(html.contains("<tr class=\"finding\" data-id=\"\(id)\"") || html.contains("data-id=\"\(id)\""))
    }
    #expect(html.contains("<h3>Proposed back-port</h3>"))
    #expect(html.contains("<span class=\"add\">+"))
    // Self-contained, no absolute path, no secret from the samples.
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("url("))
    #expect(!html.contains(CLIRunner.packageRoot.path))
    #expect(!html.contains("c2hvcC1kYi1wYXNzd29yZC0x") && !html.contains("shop-db-password-1"))
  }

  @Test func writesTheFileNamedByOutput() throws {
    let directory = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("nightly.html")
    let result = try CLIRunner.run(["report", "--output", "html=\(file.path)", "--output", "json=-"])
    #expect(result.status == 1)
    let html = try String(contentsOf: file, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(result.stdout.hasPrefix("{"))
  }
}

/// The samples' page in headless Chromium. Skipped, saying why, when no Chromium is installed
/// (`scripts/test.sh` installs Debian's `chromium`).
@Suite(
  "HTML report in a headless browser", .serialized,
  .enabled(
    if: HeadlessBrowser.path != nil,
    "no chromium, chromium-browser or google-chrome on PATH: not checked in a browser (scripts/test.sh installs Debian's chromium)"
  )
)
struct HTMLReportBrowserTests {
  /// The samples' page written to a fresh folder.
  static func samplePage() throws -> URL {
    let result = try CLIRunner.run(["report", "--format", "html"])
    #expect(result.status == 1)
    let directory = try CLIRunner.temporaryDirectory()
    let file = directory.appendingPathComponent("report.html")
    try Data(result.stdout.utf8).write(to: file)
    return file
  }

  static func findingRows(_ dom: String) -> [Substring] {
    dom.components(separatedBy: "<tr class=\"finding").dropFirst().map { Substring($0.prefix(while: { $0 != ">" })) }
  }

  @Test func scriptRunsAndFiltersFromTheQueryString() throws {
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page.deletingLastPathComponent()) }
    let dom = try HeadlessBrowser.dumpDOM(page)
    #expect(dom.contains("data-js=\"on\""), "the script did not run")
    let rows = Self.findingRows(dom)
    #expect(rows.count == 24)
    #expect(dom.contains(">24 of 24 findings shown</span>"))
    #expect(dom.contains("<form class=\"filters\" id=\"filters\" role=\"search\">"), "filters still hidden")
    #expect(!rows.contains { $0.contains("hidden") })
    // A link can carry filters: only the five critical findings stay.
    let filtered = try HeadlessBrowser.dumpDOM(page, query: "severity=critical")
    #expect(filtered.contains(">5 of 24 findings shown</span>"))
    let shown = Self.findingRows(filtered).filter { !$0.contains("hidden") }
    #expect(shown.count == 5)
    #expect(shown.allSatisfy { $0.contains("data-severity=\"critical\"") })
    let none = try HeadlessBrowser.dumpDOM(page, query: "q=no-such-resource-anywhere")
    #expect(none.contains(">0 of 24 findings shown</span>"))
    #expect(none.contains("<tr id=\"no-match\"><td colspan=\"7\">No finding matches the filters."))
  }

  static func attribute(_ name: String, of row: Substring) -> String {
    guard let start = row.range(of: " \(name)=\"") else { return "" }
    return String(row[start.upperBound...].prefix(while: { $0 != "\"" }))
  }

  @Test func aColumnSortsTheTableAndALinkCanAskForIt() throws {
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page.deletingLastPathComponent()) }
    // By resource name, ascending; ties keep the report's order.
    let byResource = try HeadlessBrowser.dumpDOM(page, query: "sort=resource")
    let resources = Self.findingRows(byResource).map { Self.attribute("data-resource", of: $0) }
    #expect(resources.count == 24)
    #expect(resources == resources.sorted())
    #expect(byResource.contains("data-sort=\"resource\" tabindex=\"0\" aria-sort=\"ascending\""))
    // Youngest first (the latest first capture), and the reverse with a minus.
    let young = Self.findingRows(try HeadlessBrowser.dumpDOM(page, query: "sort=age")).map {
      Self.attribute("data-first-seen", of: $0)
    }
    #expect(young == young.sorted(by: >))
    #expect(young.first != young.last)
    let old = Self.findingRows(try HeadlessBrowser.dumpDOM(page, query: "sort=-age")).map {
      Self.attribute("data-first-seen", of: $0)
    }
    #expect(old == old.sorted())
    // By severity, descending: the least severe first.
    let ranks = Self.findingRows(try HeadlessBrowser.dumpDOM(page, query: "sort=-severity")).map {
      Int(Self.attribute("data-rank", of: $0)) ?? -1
    }
    #expect(ranks == ranks.sorted(by: >))
  }

  /// Headless Chromium's `--dump-dom` needs scripting on (`--blink-settings=scriptEnabled=false` dumps
  /// nothing), so the page's own script is switched off the way a strict proxy or extension would: by its
  /// Content-Security-Policy (`script-src 'none'`).
  @Test func everythingReadableWithJavaScriptOff() throws {
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page.deletingLastPathComponent()) }
    let html = try String(contentsOf: page, encoding: .utf8)
    let blocked = html.replacingOccurrences(of: "script-src 'unsafe-inline'", with: "script-src 'none'")
    #expect(blocked != html)
    let noScript = page.deletingLastPathComponent().appendingPathComponent("no-script.html")
    try Data(blocked.utf8).write(to: noScript)
    let dom = try HeadlessBrowser.dumpDOM(noScript)
    #expect(dom.contains("data-js=\"off\""), "the script ran although the policy blocks it")
    let rows = Self.findingRows(dom)
    #expect(rows.count == 24)
    #expect(!rows.contains { $0.contains("hidden") })
    #expect(dom.components(separatedBy: "<details class=\"finding\"").count - 1 == 24)
    #expect(dom.contains("<h3>Proposed back-port</h3>"))
    // The controls that need the script stay out of the way.
    #expect(dom.contains("<form class=\"filters\" id=\"filters\" role=\"search\" hidden=\"\">"))
    #expect(dom.contains("<div class=\"toolbar\" id=\"toolbar\" hidden=\"\">"))
    // And it renders.
    let png = page.deletingLastPathComponent().appendingPathComponent("no-script.png")
    try HeadlessBrowser.screenshot(noScript, to: png, width: 1280, height: 1200)
    #expect(try Data(contentsOf: png).count > 50_000)
  }

  @Test func screenshotIsAFullNonBlankPage() throws {
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page.deletingLastPathComponent()) }
    let png = page.deletingLastPathComponent().appendingPathComponent("report.png")
    try HeadlessBrowser.screenshot(page, to: png, width: 1280, height: 2000)
    let bytes = [UInt8](try Data(contentsOf: png))
    // PNG signature, then the IHDR chunk with the width and height (big-endian).
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    try #require(bytes.count > 24)
    #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
    let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
    let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
    #expect(width == 1280 && height == 2000)
    // A blank page of that size compresses to a few kilobytes; the report's is far larger.
    #expect(bytes.count > 100_000, "screenshot is only \(bytes.count) bytes: blank?")
  }
}

/// Runs Chromium headless.
enum HeadlessBrowser {
  /// The first of `chromium`, `chromium-browser`, `google-chrome` on `PATH`.
  static let path: String? = {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for directory in directories {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }()

  /// The DOM after the page loaded (and its script ran, unless scripts are off).
  static func dumpDOM(_ page: URL, query: String? = nil, arguments: [String] = []) throws -> String {
    var url = page.absoluteString
    if let query { url += "?" + query }
    return try run(arguments + ["--dump-dom", url])
  }

  /// A PNG of the page's top `height` pixels at `width`.
  static func screenshot(_ page: URL, to png: URL, width: Int, height: Int) throws {
    _ = try run([
      "--screenshot=\(png.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", page.absoluteString,
    ])
  }

  /// Runs the browser with a throw-away profile and returns its standard output; fails after a minute.
  private static func run(_ arguments: [String]) throws -> String {
    let browser = try #require(path)
    let profile = try CLIRunner.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=\(profile.path)",
      ] + arguments
    // Standard output goes to a file: the DOM is larger than a pipe's buffer, and the wait below polls.
    let output = profile.appendingPathComponent("stdout")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      Issue.record("chromium did not finish within a minute")
    }
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "chromium exited with status \(process.terminationStatus)")
    let data = try Data(contentsOf: output)
    return String(decoding: data, as: UTF8.self)
  }
}
