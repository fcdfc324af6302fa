import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// Conformance of the CloudFormation template loader against shared/corpora/cloudformation:
// - templates/: YAML/JSON pairs from aws-cloudformation/aws-cloudformation-templates (each JSON written from
//   its YAML by `rain fmt -j`); the YAML, short forms expanded and scalars resolved by YAML 1.2 core, must
//   deeply equal the JSON;
// - cfn-lint-bad/: cfn-lint's must-fail templates; each must be refused with an error at the listed position.
// The corpus is read from `$DRIFTBACK_CORPORA/cloudformation`, or from `../shared/corpora/cloudformation` next
// to the package root; when it is missing the parameterized tests are disabled and `corpusLocationIsReported`
// prints where it looked.

@Suite("CloudFormationConformance")
struct CloudFormationConformanceTests {
  @Test func corpusLocationIsReported() throws {
    guard CloudFormationCorpus.isAvailable else {
      print("corpus not found at \(CloudFormationCorpus.root), skipping")
      return
    }
    print("driftback conformance: reading the CloudFormation corpus at \(CloudFormationCorpus.root)")
    let pairs = try CloudFormationCorpus.loadPairCases()
    let bad = try CloudFormationCorpus.loadBadCases()
    #expect(pairs.count == 74, "the visible corpus has 74 YAML/JSON pairs")
    #expect(bad.count == 8, "the visible corpus has 8 must-fail templates")
    #expect(CloudFormationCorpus.pairCases.count == pairs.count && CloudFormationCorpus.badCases.count == bad.count)
  }

  @Test(
    "templates: the YAML loads to the same value as the JSON",
    .enabled(if: CloudFormationCorpus.isAvailable, CloudFormationCorpus.skipComment),
    arguments: CloudFormationCorpus.pairCases)
  func pair(_ testCase: CloudFormationCorpus.PairCase) throws {
    let yaml = try CloudFormationCorpus.load("templates/" + testCase.yaml)
    let json = try CloudFormationCorpus.load("templates/" + testCase.json)
    #expect(yaml.format == .yaml)
    #expect(json.format == .json)
    let difference = CloudFormationCorpus.firstDifference(yaml.root, json.root, path: "")
    #expect(difference == nil, "\(testCase.name): \(difference ?? "")")
  }

  @Test(
    "cfn-lint-bad: refused with an error at the listed position",
    .enabled(if: CloudFormationCorpus.isAvailable, CloudFormationCorpus.skipComment),
    arguments: CloudFormationCorpus.badCases)
  func bad(_ testCase: CloudFormationCorpus.BadCase) throws {
    let fullPath = CloudFormationCorpus.root + "/cfn-lint-bad/" + testCase.file
    let file = SourceFile(path: fullPath, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: fullPath))))
    do {
      let template = try CloudFormationTemplate.load(file)
      Issue.record("\(testCase.name): loaded a template with \(template.resources.count) resources")
    } catch let diagnostic as Diagnostic {
      let location = try #require(diagnostic.location, "\(testCase.name): \(diagnostic.rendered)")
      #expect(diagnostic.severity == .error)
      let position = CloudFormationCorpus.Position(line: location.line, column: location.column)
      let expected = testCase.errors.map { CloudFormationCorpus.Position(line: $0.line, column: $0.column) }
      if testCase.kind == "duplicate-key" {
        // Every occurrence is listed (cfn-lint reports each); the loader reports the first duplicate.
        #expect(expected.dropFirst().contains(position), "\(testCase.name): \(diagnostic.rendered)")
        let key = try #require(testCase.errors.first?.key)
        #expect(diagnostic.message.contains(key), "\(testCase.name): the message names \(key)")
      } else {
        #expect(position == expected.first, "\(testCase.name): \(diagnostic.rendered)")
      }
      if let message = testCase.errors.first?.message, ["empty", "not-a-template"].contains(testCase.kind) {
        #expect(diagnostic.message == message, "\(testCase.name)")
      }
      #expect(diagnostic.rendered.hasPrefix("\(fullPath):\(location.line):\(location.column): error: "))
    }
  }
}

// MARK: - Corpus access

enum CloudFormationCorpus {
  /// `$DRIFTBACK_CORPORA/cloudformation`, or `../shared/corpora/cloudformation` relative to the package root.
  static let root: String = {
    if let override = ProcessInfo.processInfo.environment["DRIFTBACK_CORPORA"], !override.isEmpty {
      return URL(fileURLWithPath: override).appendingPathComponent("cloudformation").standardizedFileURL.path
    }
    // #filePath is <root>/Tests/DriftbackTests/Conformance/CloudFormationConformanceTests.swift.
    var packageRoot = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { packageRoot.deleteLastPathComponent() }
    return packageRoot.appendingPathComponent("../shared/corpora/cloudformation").standardizedFileURL.path
  }()

  static var skipComment: Comment { "corpus not found at \(root), skipping" }

  static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: root + "/templates/cases.json")
      && FileManager.default.fileExists(atPath: root + "/cfn-lint-bad/cases.json")
  }

  /// All cases, or none when the corpus is missing or unreadable (`corpusLocationIsReported` then fails
  /// with the decoding error or names the missing folder).
  static let pairCases: [PairCase] = isAvailable ? ((try? loadPairCases()) ?? []) : []
  static let badCases: [BadCase] = isAvailable ? ((try? loadBadCases()) ?? []) : []

  static func loadPairCases() throws -> [PairCase] {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/templates/cases.json"))
    return try JSONDecoder().decode(CaseFile<PairCase>.self, from: data).cases
  }

  static func loadBadCases() throws -> [BadCase] {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/cfn-lint-bad/cases.json"))
    return try JSONDecoder().decode(CaseFile<BadCase>.self, from: data).cases
  }

  /// Loads a corpus file (path relative to the corpus folder) with the real loader.
  static func load(_ path: String) throws -> CloudFormationTemplate {
    let fullPath = root + "/" + path
    let data = try Data(contentsOf: URL(fileURLWithPath: fullPath))
    return try CloudFormationTemplate.load(SourceFile(path: fullPath, bytes: Array(data)))
  }

  /// The first place where two values differ under the corpus rules (maps unordered, lists ordered, numbers
  /// by value, strings exact, no coercion between kinds), or nil when they are equal.
  static func firstDifference(_ lhs: Value, _ rhs: Value, path: String) -> String? {
    let here = path.isEmpty ? "(root)" : path
    switch (lhs.kind, rhs.kind) {
    case (.null, .null): return nil
    case (.bool(let a), .bool(let b)): return a == b ? nil : "\(here): \(a) != \(b)"
    case (.number(let a), .number(let b)): return a == b ? nil : "\(here): \(a) != \(b)"
    case (.string(let a), .string(let b)):
      return a == b ? nil : "\(here): \(JSONText.quoted(a)) != \(JSONText.quoted(b))"
    case (.list(let a), .list(let b)):
      for (index, (x, y)) in zip(a, b).enumerated() {
        if let difference = firstDifference(x, y, path: "\(path)[\(index)]") { return difference }
      }
      return a.count == b.count ? nil : "\(here): \(a.count) items != \(b.count) items"
    case (.map(let a), .map(let b)):
      for entry in a.entries {
        guard let other = b[entry.key] else { return "\(here): key \(entry.key) only in the YAML" }
        if let difference = firstDifference(entry.value, other, path: path + "." + entry.key) { return difference }
      }
      if let extra = b.entries.first(where: { a[$0.key] == nil }) {
        return "\(here): key \(extra.key) only in the JSON"
      }
      return a.count == b.count ? nil : "\(here): a key appears twice"
    default:
      return "\(here): \(describe(lhs)) != \(describe(rhs))"
    }
  }

  private static func describe(_ value: Value) -> String {
    switch value.kind {
    case .null: "null"
    case .bool(let flag): "bool \(flag)"
    case .number(let number): "number \(number)"
    case .string(let text): "string \(JSONText.quoted(text))"
    case .list: "a list"
    case .map: "a map"
    }
  }

  struct Position: Hashable, CustomStringConvertible {
    var line: Int
    var column: Int
    var description: String { "\(line):\(column)" }
  }

  struct CaseFile<Case: Decodable>: Decodable {
    var cases: [Case]
  }

  /// A `templates/cases.json` entry.
  struct PairCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var json: String
    var expect: String
    var rules: [String]

    var testDescription: String { name }
  }

  /// A `cfn-lint-bad/cases.json` entry.
  struct BadCase: Decodable, Sendable, CustomTestStringConvertible {
    struct ExpectedError: Decodable, Sendable {
      var line: Int
      var column: Int
      var key: String?
      var message: String?
    }

    var name: String
    var file: String
    var format: String
    var kind: String
    var errors: [ExpectedError]

    var testDescription: String { name }
  }
}
