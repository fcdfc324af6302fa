import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// Conformance of the Terraform live-state loader against shared/corpora/terraform/terraform-json (real
// state files and `terraform show -json` output from hashicorp/terraform-json's testdata, Terraform 0.12.0
// to 1.5.4). The corpus is read from `$DRIFTBACK_CORPORA/terraform/terraform-json`, or from
// `../shared/corpora/terraform/terraform-json` next to the package root; when it is missing the
// parameterized tests are disabled and `corpusLocationIsReported` prints where it looked.

@Suite("TerraformStateConformance")
struct TerraformStateConformanceTests {
  @Test func corpusLocationIsReported() throws {
    guard TerraformStateCorpus.isAvailable else {
      print("corpus not found at \(TerraformStateCorpus.root), skipping")
      return
    }
    print("driftback conformance: reading the Terraform state corpus at \(TerraformStateCorpus.root)")
    let cases = try TerraformStateCorpus.loadCases()
    #expect(cases.contains { $0.statePair != nil }, "no statePair case in cases.json")
    #expect(cases.contains { $0.state != nil }, "no state case in cases.json")
    #expect(TerraformStateCorpus.pairCases.count == cases.filter { $0.statePair != nil }.count)
  }

  @Test(
    "statePair: tfstate and show-json load to the same instances",
    .enabled(if: TerraformStateCorpus.isAvailable, TerraformStateCorpus.skipComment),
    arguments: TerraformStateCorpus.pairCases)
  func statePair(_ testCase: TerraformStateCorpus.Case) throws {
    let pair = try #require(testCase.statePair)
    let state = try TerraformStateCorpus.load(pair.tfstate)
    let show = try TerraformStateCorpus.load(pair.showJson)
    #expect(state.format == .stateV4)
    #expect(show.format == .showJSON)
    #expect(state.instances.map(\.address) == pair.addresses.sorted(), "\(testCase.name): tfstate addresses")
    #expect(show.instances.map(\.address) == pair.addresses.sorted(), "\(testCase.name): show-json addresses")
    for (fromState, fromShow) in zip(state.instances, show.instances) {
      #expect(fromState.values == fromShow.values, "\(testCase.name) \(fromState.address): attribute values differ")
      #expect(fromState.sensitivePaths == fromShow.sensitivePaths, "\(testCase.name) \(fromState.address)")
      #expect(fromState.indexKey == fromShow.indexKey && fromState.moduleAddress == fromShow.moduleAddress)
    }
    if let expected = pair.sensitiveOutputs {
      #expect(state.sensitiveOutputs == expected.sorted())
      #expect(show.sensitiveOutputs == expected.sorted())
    }
  }

  @Test(
    "state: the listed addresses",
    .enabled(if: TerraformStateCorpus.isAvailable, TerraformStateCorpus.skipComment),
    arguments: TerraformStateCorpus.stateCases)
  func singleState(_ testCase: TerraformStateCorpus.Case) throws {
    let expected = try #require(testCase.state)
    let state = try TerraformStateCorpus.load(expected.file)
    #expect(state.instances.map(\.address) == expected.addresses.sorted(), "\(testCase.name)")
    if let version = expected.terraformVersion { #expect(state.terraformVersion == version) }
    #expect(state.format == (expected.format.hasPrefix("tfstate") ? .stateV4 : .showJSON), "\(testCase.name)")
  }

  /// Every plan either loads from its `prior_state` or, lacking one, is refused with a located message.
  @Test(
    "plan: prior_state loads or the plan is refused clearly",
    .enabled(if: TerraformStateCorpus.isAvailable, TerraformStateCorpus.skipComment),
    arguments: TerraformStateCorpus.planCases)
  func plan(_ testCase: TerraformStateCorpus.Case) throws {
    let path = try #require(testCase.plan?.file)
    do {
      let plan = try TerraformStateCorpus.load(path)
      #expect(plan.format == .refreshOnlyPlan)
      #expect(plan.driftedAddresses == [])
      // A plan of an applied configuration holds the stored state as its prior_state.
      if let pair = testCase.statePair, !plan.instances.isEmpty {
        #expect(plan.instances.map(\.address) == pair.addresses.sorted(), "\(testCase.name)")
      }
    } catch let diagnostic as Diagnostic {
      #expect(diagnostic.message.hasPrefix("plan JSON has no `prior_state`"), "\(diagnostic.rendered)")
      #expect(diagnostic.rendered.hasPrefix(TerraformStateCorpus.root + "/" + path + ":1:1: error: "))
    }
  }
}

// MARK: - Corpus access

enum TerraformStateCorpus {
  /// `$DRIFTBACK_CORPORA/terraform/terraform-json`, or `../shared/corpora/terraform/terraform-json`
  /// relative to the package root.
  static let root: String = {
    if let override = ProcessInfo.processInfo.environment["DRIFTBACK_CORPORA"], !override.isEmpty {
      return URL(fileURLWithPath: override).appendingPathComponent("terraform/terraform-json").standardizedFileURL.path
    }
    // #filePath is <root>/Tests/DriftbackTests/Conformance/TerraformStateConformanceTests.swift.
    var packageRoot = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { packageRoot.deleteLastPathComponent() }
    return packageRoot.appendingPathComponent("../shared/corpora/terraform/terraform-json").standardizedFileURL.path
  }()

  static var skipComment: Comment { "corpus not found at \(root), skipping" }

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/cases.json") }

  /// All cases, or none when the corpus is missing or unreadable (`corpusLocationIsReported` then fails
  /// with the decoding error or names the missing folder).
  static let cases: [Case] = isAvailable ? ((try? loadCases()) ?? []) : []
  static let pairCases = cases.filter { $0.statePair != nil }
  static let stateCases = cases.filter { $0.state != nil }
  static let planCases = cases.filter { $0.plan != nil }

  static func loadCases() throws -> [Case] {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/cases.json"))
    return try JSONDecoder().decode(CaseFile.self, from: data).cases
  }

  /// Loads a corpus file (path relative to the corpus folder) with the real loader.
  static func load(_ path: String) throws -> TerraformLiveState {
    let fullPath = root + "/" + path
    let data = try Data(contentsOf: URL(fileURLWithPath: fullPath))
    return try TerraformLiveState.load(SourceFile(path: fullPath, bytes: Array(data)))
  }

  struct CaseFile: Decodable {
    var cases: [Case]
  }

  /// The parts of a cases.json entry this suite reads; the configuration parts belong to the HCL suite.
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    struct Plan: Decodable, Sendable {
      var file: String
    }

    struct StatePair: Decodable, Sendable {
      var tfstate: String
      var showJson: String
      var addresses: [String]
      var sensitiveOutputs: [String]?
    }

    struct State: Decodable, Sendable {
      var file: String
      var format: String
      var terraformVersion: String?
      var addresses: [String]
    }

    var name: String
    var plan: Plan?
    var statePair: StatePair?
    var state: State?

    var testDescription: String { name }
  }
}
