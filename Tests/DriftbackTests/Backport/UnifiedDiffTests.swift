import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

@Suite("UnifiedDiff")
struct UnifiedDiffTests {
  private func numbered(_ count: Int, replacing changes: [Int: String] = [:]) -> [UInt8] {
    Array((1...count).map { changes[$0] ?? String($0) }.map { $0 + "\n" }.joined().utf8)
  }

  @Test func identicalTextsGiveNoDiff() {
    #expect(UnifiedDiff.make(path: "a.yaml", old: Array("x\n".utf8), new: Array("x\n".utf8)) == "")
  }

  @Test func oneChangeWithThreeLinesOfContext() {
    let diff = UnifiedDiff.make(path: "x.txt", old: numbered(10), new: numbered(10, replacing: [5: "five"]))
    #expect(
      diff == """
        diff --git a/x.txt b/x.txt
        --- a/x.txt
        +++ b/x.txt
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8

        """)
  }

  @Test func distantChangesMakeTwoHunks() {
    let diff = UnifiedDiff.make(
      path: "x.txt", old: numbered(20), new: numbered(20, replacing: [2: "two", 15: "fifteen"]))
    #expect(
      diff == """
        diff --git a/x.txt b/x.txt
        --- a/x.txt
        +++ b/x.txt
        @@ -1,5 +1,5 @@
         1
        -2
        +two
         3
         4
         5
        @@ -12,7 +12,7 @@
         12
         13
         14
        -15
        +fifteen
         16
         17
         18

        """)
  }

  @Test func changesSixLinesApartShareAHunkSevenDoNot() {
    let merged = UnifiedDiff.make(path: "x.txt", old: numbered(20), new: numbered(20, replacing: [5: "A", 12: "B"]))
    #expect(merged.components(separatedBy: "\n@@ ").count == 2)
    #expect(merged.contains("@@ -2,14 +2,14 @@"))
    let split = UnifiedDiff.make(path: "x.txt", old: numbered(20), new: numbered(20, replacing: [5: "A", 13: "B"]))
    #expect(split.components(separatedBy: "\n@@ ").count == 3)
  }

  @Test func newFileAndEmptyNewFile() {
    #expect(
      UnifiedDiff.make(path: "k8s/new.yaml", old: nil, new: Array("a: 1\nb: 2\n".utf8)) == """
        diff --git a/k8s/new.yaml b/k8s/new.yaml
        new file mode 100644
        --- /dev/null
        +++ b/k8s/new.yaml
        @@ -0,0 +1,2 @@
        +a: 1
        +b: 2

        """)
    #expect(UnifiedDiff.make(path: "empty", old: nil, new: []) == "diff --git a/empty b/empty\nnew file mode 100644\n")
  }

  @Test func missingFinalLineBreaksAreMarked() {
    #expect(
      UnifiedDiff.make(path: "x", old: Array("a\nb".utf8), new: Array("a\nc\n".utf8)) == """
        diff --git a/x b/x
        --- a/x
        +++ b/x
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +c

        """)
    #expect(
      UnifiedDiff.make(path: "x", old: Array("a\nb".utf8), new: Array("z\na\nb".utf8)) == """
        diff --git a/x b/x
        --- a/x
        +++ b/x
        @@ -1,2 +1,3 @@
        +z
         a
         b
        \\ No newline at end of file

        """)
  }

  @Test func emptyRangesNameTheLineBefore() {
    #expect(UnifiedDiff.make(path: "x", old: Array("a\n".utf8), new: []).hasSuffix("@@ -1 +0,0 @@\n-a\n"))
    #expect(UnifiedDiff.make(path: "x", old: [], new: Array("a\n".utf8)).hasSuffix("@@ -0,0 +1 @@\n+a\n"))
  }

  @Test func pathsAreQuotedLikeGitQuotesThem() {
    let spaced = UnifiedDiff.make(path: "dir/my file.yaml", old: Array("a\n".utf8), new: Array("b\n".utf8))
    #expect(
      spaced.hasPrefix(
        "diff --git a/dir/my file.yaml b/dir/my file.yaml\n--- a/dir/my file.yaml\t\n+++ b/dir/my file.yaml\t\n"))
    #expect(UnifiedDiff.quoted("a/\"q\"\\é") == #""a/\"q\"\\\303\251""#)
  }

  /// The edit script rebuilds the new text and keeps a longest common subsequence (checked against the
  /// quadratic textbook table on many small seeded inputs).
  @Test func scriptIsAShortestEditScript() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<400 {
      let a = (0..<next(14)).map { _ in next(4) }
      let b = (0..<next(14)).map { _ in next(4) }
      let operations = UnifiedDiff.script(a: a, b: b)
      var rebuilt: [Int] = []
      var equal = 0
      for operation in operations {
        switch operation {
        case .equal(let i, let j):
          #expect(a[i] == b[j])
          rebuilt.append(a[i])
          equal += 1
        case .insert(let j): rebuilt.append(b[j])
        case .delete: break
        }
      }
      #expect(rebuilt == b, "a=\(a) b=\(b)")
      #expect(equal == lcsLength(a, b), "a=\(a) b=\(b)")
    }
  }

  private func lcsLength(_ a: [Int], _ b: [Int]) -> Int {
    var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    return table[0][0]
  }

  // MARK: - git apply

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git"),
      "/usr/bin/git is missing: the diffs are not checked with `git apply`"))
  func gitAppliesTheDiffs() throws {
    let git = "/usr/bin/git"
    // A real back-port, plus the corner cases.
    let web = BackportManifests.web
    let file = SourceFile(path: "k8s/web.yaml", text: web)
    let object = try BackportFixture.object(file, kind: "Deployment", name: "web")
    let edits = try YAMLEditPlanner().edits(
      for: try BackportFixture.change(.added, "metadata.labels.tier", live: "frontend"), in: object, file: file
    ).get()
    let backported = try SourceEditApplier.apply(edits, to: file.bytes)
    let cases: [(path: String, old: [UInt8]?, new: [UInt8])] = [
      ("k8s/web.yaml", file.bytes, backported),
      ("numbers.txt", numbered(40), numbered(42, replacing: [3: "three", 20: "twenty", 22: "x"])),
      ("tail.txt", Array("a\nb".utf8), Array("a\nc".utf8)),
      ("grow.txt", Array("a\nb".utf8), Array("a\nb\nc\n".utf8)),
      ("dir/with space.yaml", Array("k: v\n".utf8), Array("k: w\n".utf8)),
      ("k8s/new.yaml", nil, Array("apiVersion: v1\n".utf8)),
      ("emptied.txt", Array("gone\n".utf8), []),
    ]
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "driftback-diff-\(UInt64.random(in: 0...UInt64.max))")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    #expect(try run(git, ["init", "-q", root.path], in: root).status == 0)
    for item in cases {
      let url = root.appendingPathComponent(item.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      if let old = item.old { try Data(old).write(to: url) }
      let patch = root.appendingPathComponent("change.patch")
      try Data(UnifiedDiff.make(path: item.path, old: item.old, new: item.new).utf8).write(to: patch)
      let check = try run(git, ["apply", "--check", patch.path], in: root)
      #expect(check.status == 0, "git apply --check \(item.path): \(check.output)")
      let apply = try run(git, ["apply", patch.path], in: root)
      #expect(apply.status == 0, "git apply \(item.path): \(apply.output)")
      #expect(try Data(contentsOf: url) == Data(item.new), "\(item.path) differs after git apply")
    }
  }

  private func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
