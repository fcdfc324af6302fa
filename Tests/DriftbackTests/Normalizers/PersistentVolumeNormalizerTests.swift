import DriftbackSyntax
import Testing

@testable import Driftback

@Suite struct PersistentVolumeNormalizerTests {
  static let id = PersistentVolumeNormalizer().id

  static func claimIaC(storageClass: String = "") -> String {
    """
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: data
      namespace: shop
    spec:
      \(storageClass)accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 20Gi
    """
  }

  static let claimLive = """
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      annotations:
        pv.kubernetes.io/bind-completed: "yes"
        volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com
      finalizers:
      - kubernetes.io/pvc-protection
      name: data
      namespace: shop
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 20Gi
      storageClassName: gp2
      volumeMode: Filesystem
      volumeName: pvc-5f2a0d3c-7b9e-4a61-8d2f-1e3c5b7a9d0f
    status:
      phase: Bound
    """

  @Test func claimBindingAndDefaultClassAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.claimIaC(), live: Self.claimLive) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.claimIaC(), live: Self.claimLive, without: Self.id)
        == ["spec.storageClassName added", "spec.volumeMode added", "spec.volumeName added"])
    #expect(
      try NormalizerFixture.changes(iac: Self.claimIaC(storageClass: "storageClassName: gp3\n  "), live: Self.claimLive)
        == ["spec.storageClassName changed"])
    let spec = try NormalizerFixture.clean(Self.claimLive)["spec"]
    #expect(spec?["volumeName"] == nil)
    #expect(spec?["volumeMode"] == nil)
  }

  static let volumeIaC = """
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: nfs-archive
    spec:
      capacity:
        storage: 100Gi
      accessModes: [ReadWriteMany]
      nfs:
        server: 10.20.0.9
        path: /exports/archive
    """

  static func volumeLive(reclaimPolicy: String = "Retain") -> String {
    """
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      annotations:
        pv.kubernetes.io/bound-by-controller: "yes"
      creationTimestamp: "2026-11-02T09:14:07Z"
      finalizers:
      - kubernetes.io/pv-protection
      name: nfs-archive
      resourceVersion: "918500"
      uid: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
    spec:
      accessModes:
      - ReadWriteMany
      capacity:
        storage: 100Gi
      claimRef:
        apiVersion: v1
        kind: PersistentVolumeClaim
        name: archive
        namespace: shop
        resourceVersion: "918470"
        uid: 7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f
      nfs:
        path: /exports/archive
        server: 10.20.0.9
      persistentVolumeReclaimPolicy: \(reclaimPolicy)
      volumeMode: Filesystem
    status:
      phase: Bound
    """
  }

  @Test func volumeDefaultsAndBindingAreNoise() throws {
    #expect(try NormalizerFixture.changes(iac: Self.volumeIaC, live: Self.volumeLive()) == [])
    #expect(
      try NormalizerFixture.changes(iac: Self.volumeIaC, live: Self.volumeLive(), without: Self.id)
        == ["spec.claimRef added", "spec.persistentVolumeReclaimPolicy added", "spec.volumeMode added"])
    #expect(
      try NormalizerFixture.changes(iac: Self.volumeIaC, live: Self.volumeLive(reclaimPolicy: "Delete"))
        == ["spec.persistentVolumeReclaimPolicy added"])
    let spec = try NormalizerFixture.clean(Self.volumeLive())["spec"]
    for key in ["claimRef", "persistentVolumeReclaimPolicy", "volumeMode"] { #expect(spec?[key] == nil, "\(key)") }
    #expect(
      try NormalizerFixture.clean(Self.volumeLive(reclaimPolicy: "Delete"))["spec"]?["persistentVolumeReclaimPolicy"]
        == "Delete")
  }

  @Test func preBoundClaimRefIsComparedByName() throws {
    let preBound = Self.volumeIaC + "\n  claimRef:\n    name: archive\n    namespace: shop"
    #expect(try NormalizerFixture.changes(iac: preBound, live: Self.volumeLive()) == [])
    let otherClaim = Self.volumeIaC + "\n  claimRef:\n    name: archive-old\n    namespace: shop"
    #expect(try NormalizerFixture.changes(iac: otherClaim, live: Self.volumeLive()) == ["spec.claimRef.name changed"])
  }
}
