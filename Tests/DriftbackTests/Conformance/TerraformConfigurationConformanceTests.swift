import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

// Conformance against shared/corpora/terraform/terraform-json (hashicorp/terraform-json testdata): for each
// folder, the resources the configuration declares (following local module sources) equal
// `declared.resources` in cases.json, file and line of the block header included. Resources listed with
// `file: null` live in modules the folder does not hold (registry modules, broken source paths): a loader
// of the folder cannot see them and must not invent them.
//
// Read from `$DRIFTBACK_CORPORA/terraform/terraform-json` or `../shared/corpora/terraform/terraform-json`
// next to the package root; when missing, the parameterized test is disabled and the path is printed.

@Suite("TerraformConfiguration conformance corpus")
struct TerraformConfigurationConformanceTests {
  @Test func corpusLocationIsReported() throws {
    guard TerraformConfigurationCorpus.isAvailable else {
      print("driftback conformance: corpus not found at \(TerraformConfigurationCorpus.root), skipping")
      return
    }
    #expect(!TerraformConfigurationCorpus.cases.isEmpty, "no cases in cases.json")
  }

  @Test(
    "declared resources equal cases.json",
    .enabled(if: TerraformConfigurationCorpus.isAvailable, TerraformConfigurationCorpus.skipComment),
    arguments: TerraformConfigurationCorpus.cases)
  func declaredResources(_ testCase: TerraformConfigurationCorpus.Case) throws {
    let configuration = try TerraformConfigurationFixture.load(
      folder: testCase.dir, base: TerraformConfigurationCorpus.root)
    let visible = testCase.declared.resources.filter { $0.file != nil }
    let expected = Set(visible.map { "\($0.address) \($0.mode) \($0.file ?? "") \($0.line ?? 0)" })
    let actual = Set(
      configuration.declaredResources.map { "\($0.address) \($0.mode) \($0.file) \($0.line)" })
    #expect(
      actual == expected,
      "\(testCase.name): unexpected \(actual.subtracting(expected).sorted()), missing \(expected.subtracting(actual).sorted())"
    )
    for resource in visible {
      let declared = configuration.declaredResources.first { $0.address == resource.address }
      #expect((declared?.expansion == "count") == (resource.count == true), "\(resource.address) count")
      #expect((declared?.expansion == "for_each") == (resource.forEach == true), "\(resource.address) for_each")
    }
    // Instances: every declared resource with a known expansion has its instances under its address.
    for instance in configuration.instances {
      #expect(expected.contains { $0.hasPrefix(Self.configurationAddress(instance.address) + " ") })
    }
  }

  /// `module.a[0].x.y["k"]` → `module.a.x.y`.
  static func configurationAddress(_ address: String) -> String {
    var out = ""
    var depth = 0
    var inString = false
    var previous: Character = " "
    for character in address {
      if inString {
        if character == "\"" && previous != "\\" { inString = false }
      } else if character == "[" {
        depth += 1
      } else if character == "]" {
        depth -= 1
      } else if character == "\"" && depth > 0 {
        inString = true
      } else if depth == 0 {
        out.append(character)
      }
      previous = character
    }
    return out
  }
}

enum TerraformConfigurationCorpus {
  static let root: String = {
    if let override = ProcessInfo.processInfo.environment["DRIFTBACK_CORPORA"], !override.isEmpty {
      return URL(fileURLWithPath: override).appendingPathComponent("terraform/terraform-json").standardizedFileURL.path
    }
    var packageRoot = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { packageRoot.deleteLastPathComponent() }
    return packageRoot.appendingPathComponent("../shared/corpora/terraform/terraform-json").standardizedFileURL.path
  }()

  static var skipComment: Comment { "corpus not found at \(root), skipping" }

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/cases.json") }

  struct Resource: Decodable, Sendable {
    var address: String
    var mode: String
    var file: String?
    var line: Int?
    var count: Bool?
    var forEach: Bool?
  }

  struct Declared: Decodable, Sendable {
    var resources: [Resource]
  }

  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var dir: String
    var declared: Declared
    var testDescription: String { name }
  }

  private struct File: Decodable {
    var cases: [Case]
  }

  static let cases: [Case] = {
    guard isAvailable, let data = FileManager.default.contents(atPath: root + "/cases.json") else { return [] }
    return (try? JSONDecoder().decode(File.self, from: data).cases) ?? []
  }()
}
