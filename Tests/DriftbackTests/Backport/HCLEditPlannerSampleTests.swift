import DriftbackSyntax
import Foundation
import Testing

@testable import Driftback

/// The sample estate: the runtime fixes of 2026-11-20/21 back-ported into iac-samples/terraform/main.tf
/// make the configuration agree with the 2026-11-21 capture at those paths.
@Suite("HCLEditPlanner: sample")
struct HCLEditPlannerSampleTests {
  static let backported: [(address: String, path: String)] = [
    ("aws_security_group.web", #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#),
    ("aws_s3_bucket_public_access_block.assets", "block_public_acls"),
    ("aws_s3_bucket_public_access_block.assets", "block_public_policy"),
    ("aws_s3_bucket_public_access_block.assets", "ignore_public_acls"),
    ("aws_s3_bucket_public_access_block.assets", "restrict_public_buckets"),
    ("aws_s3_bucket.assets", "tags.scanned-by"),
  ]

  static func liveState() throws -> TerraformLiveState {
    let path = TerraformConfigurationFixture.packageRoot + "/snapshots/2026-11-21T02-00Z/terraform/show.json"
    let data = try #require(FileManager.default.contents(atPath: path))
    return try TerraformLiveState.load(SourceFile(path: "show.json", bytes: Array(data)))
  }

  static func configuration(mainText: String? = nil, live: TerraformLiveState) throws -> TerraformConfiguration {
    let folder = TerraformConfigurationFixture.sampleFolder
    let base = TerraformConfigurationFixture.packageRoot
    var rootFiles = try #require(TerraformConfigurationFixture.files(in: folder, base: base))
    if let mainText {
      rootFiles = rootFiles.map { $0.path.hasSuffix("/main.tf") ? SourceFile(path: $0.path, text: mainText) : $0 }
    }
    return try TerraformConfiguration.load(
      rootFiles: rootFiles, varFiles: [],
      readModule: { TerraformConfigurationFixture.files(in: folder + "/" + $0, base: base) },
      live: { live.instance(at: $0)?.values })
  }

  @Test func runtimeFixesBackportedIntoMainAgreeWithTheCapture() throws {
    let live = try Self.liveState()
    let configuration = try Self.configuration(live: live)
    let folder = TerraformConfigurationFixture.sampleFolder
    var files: [String: SourceFile] = [:]
    for file in try #require(
      TerraformConfigurationFixture.files(in: folder, base: TerraformConfigurationFixture.packageRoot))
    {
      files[file.path] = file
    }
    let mainPath = folder + "/main.tf"
    let main = try #require(files[mainPath])

    var edits: [SourceEdit] = []
    for (address, path) in Self.backported {
      let instance = try #require(configuration.instance(address))
      let liveValues = try #require(live.instance(at: address)?.values)
      let change = try #require(
        TerraformComparison.compare(instance, live: liveValues).first { $0.path.description == path },
        "no change at \(address) \(path)")
      let planned = try HCLEditPlanner().edits(for: change, instance: instance, files: files).get()
      #expect(planned.map(\.path) == [mainPath])
      edits += planned.flatMap(\.edits)
    }
    let text = String(decoding: try SourceEditApplier.apply(edits, to: main.bytes), as: UTF8.self)
    _ = try HCLParser().parse(SourceFile(path: mainPath, text: text))

    var expected = main.text
    let ssh = try #require(expected.range(of: "  # TODO(OPS-142)"))
    let egress = try #require(expected.range(of: "  egress {"))
    expected.removeSubrange(ssh.lowerBound..<egress.lowerBound)
    for flag in [
      "block_public_acls      ", "block_public_policy    ", "ignore_public_acls     ", "restrict_public_buckets",
    ] {
      expected = expected.replacingOccurrences(of: "  \(flag) = false", with: "  \(flag) = true")
    }
    expected = expected.replacingOccurrences(
      of: "    data-class = \"public\"\n", with: "    data-class = \"public\"\n    scanned-by = \"guard\"\n")
    #expect(text == expected)

    let edited = try Self.configuration(mainText: text, live: live)
    for (address, path) in Self.backported {
      let instance = try #require(edited.instance(address))
      let liveValues = try #require(live.instance(at: address)?.values)
      let left = TerraformComparison.compare(instance, live: liveValues).filter { $0.path.description == path }
      #expect(left.isEmpty, "\(address) \(path) still differs")
    }
    // The rule opened by hand on 2026-11-21 is a revert, not a back-port: still reported.
    let web = try #require(edited.instance("aws_security_group.web"))
    let webLive = try #require(live.instance(at: "aws_security_group.web")?.values)
    #expect(
      TerraformComparison.compare(web, live: webLive).map(\.path.description)
        == [#"ingress[protocol=tcp,from_port=8080,to_port=8080,cidr_blocks="10.0.0.0/8"]"#])
  }

  @Test func appServerTagsAreRefusedAsSharedByCount() throws {
    let live = try Self.liveState()
    let configuration = try Self.configuration(live: live)
    let instance = try #require(configuration.instance("aws_instance.app[0]"))
    let change = Change(
      path: try ValuePath(parsing: "instance_type"), kind: .changed, iac: "t3.small", live: "t3.medium")
    let result = HCLEditPlanner().edits(for: change, instance: instance, files: [:])
    guard case .failure(let refusal) = result else {
      Issue.record("planned edits for an instance of count")
      return
    }
    #expect(refusal.reason.contains("shared by every instance of count/for_each"))
  }
}
