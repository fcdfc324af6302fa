import Testing

@testable import Driftback

@Suite("Security: SHA-256 and HMAC-SHA256")
struct SHA256SecurityTests {
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  // FIPS 180-2 appendix B / NIST CAVP examples.
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func fipsVectors(message: String, digest: String) {
    #expect(SHA256.hex(SHA256.hash(Self.bytes(message))) == digest)
  }

  @Test func oneMillionAs() {
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(SHA256.hash(million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test(arguments: [1, 55, 56, 63, 64, 65, 119, 128, 1000])
  func incrementalUpdatesEqualOneShot(length: Int) {
    let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let whole = SHA256.hash(message)
    for split in Set([0, 1, length / 2, max(0, length - 1), length]) {
      var hasher = SHA256()
      hasher.update(message[..<split])
      hasher.update(message[split...])
      #expect(hasher.finalize() == whole, "split at \(split) of \(length)")
    }
    #expect(whole.count == 32)
  }

  // RFC 4231 test cases 1, 2 and 6.
  @Test func hmacRFC4231Case1() {
    let mac = SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Self.bytes("Hi There"))
    #expect(SHA256.hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
  }

  @Test func hmacRFC4231Case2() {
    let mac = SHA256.hmac(key: Self.bytes("Jefe"), message: Self.bytes("what do ya want for nothing?"))
    #expect(SHA256.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func hmacRFC4231Case6KeyLargerThanABlock() {
    let mac = SHA256.hmac(
      key: [UInt8](repeating: 0xaa, count: 131),
      message: Self.bytes("Test Using Larger Than Block-Size Key - Hash Key First"))
    #expect(SHA256.hex(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
  }

  @Test func hexIsLowerCaseTwoDigitsPerByte() {
    #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    #expect(SHA256.hex([]) == "")
  }
}
