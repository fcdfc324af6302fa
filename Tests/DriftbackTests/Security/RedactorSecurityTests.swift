import Testing

@testable import Driftback

@Suite("Security: Redactor")
struct RedactorSecurityTests {
  let redactor = Redactor(key: Array("unit-test-key".utf8))

  static let secrets = [
    "hunter2!", "correct horse battery staple", "c2VjcmV0LXBhc3N3b3Jk", SecretSamples.github, SecretSamples.awsKeyID,
    SecretSamples.privateKey, "pässwörd-ünïcode", "12345678",
  ]

  /// `<redacted:<8 lower-case hex>>`; returns the tag.
  static func parse(_ marker: String) -> String? {
    guard marker.hasPrefix("<redacted:"), marker.hasSuffix(">") else { return nil }
    let tag = marker.dropFirst("<redacted:".count).dropLast()
    guard tag.count == 8, tag.allSatisfy({ "0123456789abcdef".contains($0) }) else { return nil }
    return String(tag)
  }

  @Test(arguments: secrets)
  func markerHasTheDocumentedFormat(secret: String) throws {
    let marker = redactor.marker(for: secret)
    _ = try #require(Self.parse(marker), "not a marker: \(marker)")
    #expect(!marker.contains("len"), "the length leaks information")
  }

  @Test func markerHidesTheLength() {
    #expect(redactor.marker(for: "a").count == redactor.marker(for: String(repeating: "a", count: 300)).count)
  }

  @Test func markerTagIsTheKeyedHMAC() {
    // RFC 4231 test case 1: HMAC-SHA256(0x0b * 20, "Hi There") starts with b0344c61.
    let rfc = Redactor(key: [UInt8](repeating: 0x0b, count: 20))
    #expect(rfc.marker(for: "Hi There") == "<redacted:b0344c61>")
  }

  @Test(arguments: secrets)
  func markerNeverContainsTheSecret(secret: String) {
    #expect(!redactor.marker(for: secret).contains(secret))
    #expect(!Redactor(key: []).marker(for: secret).contains(secret))
  }

  @Test func sameSecretSameMarkerUnderOneKey() {
    for secret in Self.secrets {
      #expect(redactor.marker(for: secret) == Redactor(key: Array("unit-test-key".utf8)).marker(for: secret))
    }
    let markers = Set(Self.secrets.map(redactor.marker(for:)))
    #expect(markers.count == Self.secrets.count, "different secrets must get different markers")
  }

  @Test func aDifferentKeyGivesADifferentMarker() {
    let other = Redactor(key: Array("another-run".utf8))
    for secret in Self.secrets {
      #expect(redactor.marker(for: secret) != other.marker(for: secret))
    }
  }

  @Test func redactAllReplacesEveryScalarAndKeepsTheShape() throws {
    let value: Value = ["data": ["password": "c2VjcmV0", "port": 5432, "enabled": true, "none": nil], "list": ["a"]]
    let redacted = redactor.redactAll(value)
    #expect(redacted.map?.keys == ["data", "list"])
    #expect(redacted["data"]?.map?.keys == ["password", "port", "enabled", "none"])
    #expect(redacted["data"]?["password"]?.string == redactor.marker(for: "c2VjcmV0"))
    #expect(redacted["data"]?["port"]?.string == redactor.marker(for: "5432"))
    #expect(redacted["data"]?["enabled"]?.string == redactor.marker(for: "true"))
    #expect(redacted["data"]?["none"] == .null)
    #expect(redacted["list"] == [.string(redactor.marker(for: "a"))])
  }

  @Test func redactDetectedKeepsOrdinaryValuesAndHidesCredentials() throws {
    let container: Value = [
      "name": "web", "image": "nginx:1.25",
      "env": [
        ["name": "DB_PASSWORD", "value": "hunter2-but-longer"], ["name": "LOG_LEVEL", "value": "info"],
        ["name": "GH", "value": .string(SecretSamples.github)],
      ],
    ]
    let redacted = redactor.redactDetected(container)
    #expect(redacted["image"] == "nginx:1.25")
    let env = try #require(redacted["env"]?.list)
    #expect(env[0] == ["name": "DB_PASSWORD", "value": .string(redactor.marker(for: "hunter2-but-longer"))])
    #expect(env[1] == ["name": "LOG_LEVEL", "value": "info"])
    #expect(env[2]["value"]?.string == redactor.marker(for: SecretSamples.github))
    let text = "\(redacted)"
    #expect(!text.contains("hunter2"))
    #expect(!text.contains(SecretSamples.github))
  }

  @Test func redactTextHidesSecretsInSourceLines() {
    let line = "  password: hunter2-is-my-password"
    let redacted = redactor.redactText(line)
    #expect(!redacted.contains("hunter2"))
    #expect(redacted == "  password: " + redactor.marker(for: "hunter2-is-my-password"))
    let token = "token = " + SecretSamples.github
    #expect(!redactor.redactText(token).contains(SecretSamples.github))
    #expect(redactor.redactText("image: nginx:1.25.3-alpine") == "image: nginx:1.25.3-alpine")
  }
}
