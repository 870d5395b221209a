"""Check a Ray cluster configuration for darwindeck before ``ray up``.

    python cluster/validate.py cluster/aws.yaml cluster/gcp.yaml

Each file goes through three checks; the first error of each is printed and the exit
status is 1 if any file failed:

1. Ray's own validation, as ``ray up`` does it before touching the cloud: the configuration
   is merged with the provider's defaults (``ray.autoscaler._private.util.prepare_config``)
   and checked against the JSON schema shipped in the ``ray`` package
   (``ray.autoscaler._private.util.validate_config``, ``ray/autoscaler/ray-schema.json``),
   which is also applied to the file as written, so an unknown key is named. The schema
   rejects unknown keys at the top level and in ``auth``, ``docker`` and the node
   types.
2. Strict keys where that schema accepts anything: the ``provider`` section (the schema
   allows extra properties there) must use only the properties the schema lists, and each
   ``node_config`` only field names of the cloud's instance API (EC2 RunInstances, Compute
   Engine instances.insert), down to the nested fields listed in ``NODE_CONFIG_FIELDS``.
   A misspelt key is reported with the closest known name.
3. Versions: the Docker image must be ``rayproject/ray:<ray>-py<XY>-cpu`` with the Ray
   version of this installation (which runs ``ray up`` and ``ray job submit``) and of
   darwindeck's pin in pyproject.toml. A Python version other than this interpreter's is
   only a warning: it matters for Ray Client (``--address ray://...``), which needs the same
   Python minor version on both ends.

The checks need no cloud credentials and no network.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ClusterConfigError",
    "NODE_CONFIG_FIELDS",
    "check_file",
    "image_versions",
    "load_config",
    "pinned_ray_version",
    "provider_properties",
    "strict_keys",
    "validate_with_ray",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
IMAGE_PATTERN = re.compile(r"^rayproject/ray:(?P<ray>\d+\.\d+\.\d+)-py(?P<py>\d)(?P<minor>\d+)-cpu$")

# Field names of the instance APIs, for the fields a node_config is made of. A nested
# mapping lists the allowed keys of a sub-object (or of each item of a list of objects); None
# means the value is not checked further.
_EBS = {
    "DeleteOnTermination": None, "Encrypted": None, "Iops": None, "KmsKeyId": None,
    "OutpostArn": None, "SnapshotId": None, "Throughput": None, "VolumeSize": None,
    "VolumeType": None,
}
_AWS_NODE_CONFIG: dict[str, Any] = {
    "AdditionalInfo": None,
    "BlockDeviceMappings": {"DeviceName": None, "Ebs": _EBS, "NoDevice": None, "VirtualName": None},
    "CapacityReservationSpecification": None,
    "CpuOptions": None,
    "CreditSpecification": None,
    "DisableApiStop": None,
    "DisableApiTermination": None,
    "EbsOptimized": None,
    "EnablePrimaryIpv6": None,
    "EnclaveOptions": None,
    "HibernationOptions": None,
    "IamInstanceProfile": {"Arn": None, "Name": None},
    "ImageId": None,
    "InstanceInitiatedShutdownBehavior": None,
    "InstanceMarketOptions": {
        "MarketType": None,
        "SpotOptions": {
            "BlockDurationMinutes": None, "InstanceInterruptionBehavior": None, "MaxPrice": None,
            "SpotInstanceType": None, "ValidUntil": None,
        },
    },
    "InstanceType": None,
    "Ipv6AddressCount": None,
    "Ipv6Addresses": None,
    "KeyName": None,
    "LaunchTemplate": None,
    "LicenseSpecifications": None,
    "MaintenanceOptions": None,
    "MetadataOptions": None,
    "Monitoring": None,
    "NetworkInterfaces": None,
    "NetworkPerformanceOptions": None,
    "Placement": None,
    "PrivateDnsNameOptions": None,
    "PrivateIpAddress": None,
    "SecurityGroupIds": None,
    "SecurityGroups": None,
    "SubnetId": None,
    # Ray's own: the subnets a node may be launched in.
    "SubnetIds": None,
    "TagSpecifications": None,
    "UserData": None,
}
_GCP_NODE_CONFIG: dict[str, Any] = {
    "advancedMachineFeatures": None,
    "canIpForward": None,
    "confidentialInstanceConfig": None,
    "deletionProtection": None,
    "description": None,
    "disks": {
        "autoDelete": None, "boot": None, "deviceName": None, "diskEncryptionKey": None,
        "diskSizeGb": None, "guestOsFeatures": None, "interface": None,
        "initializeParams": {
            "architecture": None, "description": None, "diskName": None, "diskSizeGb": None,
            "diskType": None, "labels": None, "provisionedIops": None,
            "provisionedThroughput": None, "resourcePolicies": None, "sourceImage": None,
            "sourceImageEncryptionKey": None, "sourceSnapshot": None,
        },
        "mode": None, "source": None, "type": None,
    },
    "displayDevice": None,
    "guestAccelerators": None,
    "hostname": None,
    "keyRevocationActionType": None,
    "labels": None,
    "machineType": None,
    "metadata": None,
    "minCpuPlatform": None,
    "networkInterfaces": {
        "accessConfigs": {"name": None, "natIP": None, "networkTier": None, "type": None},
        "aliasIpRanges": None, "kind": None, "network": None, "networkIP": None,
        "nicType": None, "queueCount": None, "stackType": None, "subnetwork": None,
    },
    "networkPerformanceConfig": None,
    "params": None,
    "reservationAffinity": None,
    "resourcePolicies": None,
    "scheduling": {
        "automaticRestart": None, "instanceTerminationAction": None, "localSsdRecoveryTimeout": None,
        "maxRunDuration": None, "nodeAffinities": None, "onHostMaintenance": None,
        "preemptible": None, "provisioningModel": None, "terminationTime": None,
    },
    "serviceAccounts": {"email": None, "scopes": None},
    "shieldedInstanceConfig": None,
    "sourceMachineImage": None,
    "tags": {"items": None},
}
#: Known node_config fields per provider type.
NODE_CONFIG_FIELDS: dict[str, dict[str, Any]] = {"aws": _AWS_NODE_CONFIG, "gcp": _GCP_NODE_CONFIG}


class ClusterConfigError(ValueError):
    """A cluster configuration that ``ray up`` would reject or that names an unknown key."""


def load_config(path: str | Path) -> dict[str, Any]:
    """The YAML mapping in ``path``; ``ClusterConfigError`` if unreadable or not a mapping."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClusterConfigError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ClusterConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ClusterConfigError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


def _schema() -> dict[str, Any]:
    import ray.autoscaler

    return json.loads((Path(ray.autoscaler.__file__).parent / "ray-schema.json").read_text(encoding="utf-8"))


def provider_properties() -> frozenset[str]:
    """The ``provider`` properties Ray's cluster schema lists."""
    return frozenset(_schema()["properties"]["provider"]["properties"])


def validate_with_ray(config: Mapping[str, Any]) -> dict[str, Any]:
    """Ray's own validation of ``config``, as ``ray up`` runs it before reaching the cloud:
    defaults merged (``prepare_config``), then the schema (``validate_config``). Returns the
    prepared configuration; raises ``ClusterConfigError`` with Ray's message."""
    import jsonschema
    from ray.autoscaler._private.util import prepare_config, validate_config

    try:
        # The schema on the file as written first, so that an unknown key is named even where
        # merging the defaults would fail on it first (a misspelt docker "image", say).
        jsonschema.validate(dict(config), _schema())
        prepared = prepare_config(copy.deepcopy(dict(config)))
        validate_config(prepared)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise ClusterConfigError(f"Ray's cluster schema rejects {where}: {exc.message}") from exc
    except (ValueError, KeyError, AssertionError, TypeError) as exc:
        raise ClusterConfigError(f"Ray rejects the configuration: {exc!r}") from exc
    return prepared


def _unknown(key: str, known: Any, where: str) -> ClusterConfigError:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ClusterConfigError(f"unknown key {key!r} in {where}{hint}")


def _check_fields(value: Any, fields: Mapping[str, Any], where: str) -> None:
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        here = f"{where}[{i}]" if isinstance(value, list) else where
        for key, sub in item.items():
            if key not in fields:
                raise _unknown(key, fields, here)
            if fields[key] is not None:
                _check_fields(sub, fields[key], f"{here}.{key}")


def strict_keys(config: Mapping[str, Any]) -> None:
    """Reject unknown keys where Ray's schema accepts any: ``provider`` (against the
    schema's own list) and every node type's ``node_config`` (against
    ``NODE_CONFIG_FIELDS`` for the provider type)."""
    provider = config.get("provider")
    if not isinstance(provider, Mapping):
        raise ClusterConfigError("missing 'provider' section")
    known = provider_properties()
    for key in provider:
        if key not in known:
            raise _unknown(key, known, "provider")
    ptype = provider.get("type")
    fields = NODE_CONFIG_FIELDS.get(ptype)
    if fields is None:
        raise ClusterConfigError(
            f"provider type {ptype!r}: node_config fields are known for {sorted(NODE_CONFIG_FIELDS)} only"
        )
    for name, node_type in (config.get("available_node_types") or {}).items():
        node_config = node_type.get("node_config") if isinstance(node_type, Mapping) else None
        if not isinstance(node_config, Mapping):
            raise ClusterConfigError(f"available_node_types.{name}: missing node_config")
        _check_fields(node_config, fields, f"available_node_types.{name}.node_config")


def pinned_ray_version(pyproject: Path = REPO_ROOT / "pyproject.toml") -> str | None:
    """The Ray version darwindeck pins (``ray[default]==X.Y.Z`` in pyproject.toml), or None
    if there is no pyproject.toml or no exact pin."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"""["']ray(?:\[[^\]]*\])?==([0-9][^"';,\s]*)["']""", text)
    return match.group(1) if match else None


def image_versions(config: Mapping[str, Any]) -> tuple[str, tuple[int, int]]:
    """``(ray version, (python major, minor))`` of the configuration's Docker image (the
    image of every node type, which must be one ``rayproject/ray:<ray>-py<XY>-cpu``)."""
    docker = config.get("docker") or {}
    images = {docker.get(k) for k in ("image", "head_image", "worker_image") if docker.get(k)}
    for name, node_type in (config.get("available_node_types") or {}).items():
        node_docker = node_type.get("docker") or {}
        if node_docker.get("worker_image"):
            images.add(node_docker["worker_image"])
    if len(images) != 1:
        raise ClusterConfigError(f"expected one Docker image for every node, got {sorted(images) or 'none'}")
    image = images.pop()
    match = IMAGE_PATTERN.match(image)
    if not match:
        raise ClusterConfigError(f"Docker image {image!r} is not of the form rayproject/ray:<X.Y.Z>-py<XY>-cpu")
    return match["ray"], (int(match["py"]), int(match["minor"]))


def check_file(path: str | Path, warn: Any = None) -> dict[str, Any]:
    """All three checks on the configuration in ``path``; returns Ray's prepared
    configuration. ``warn`` (default: print to stderr) receives warning lines.

    Raises ``ClusterConfigError``, its message naming the file."""
    import ray

    warn = warn or (lambda line: print(line, file=sys.stderr))
    path = Path(path)
    config = load_config(path)
    try:
        prepared = validate_with_ray(config)
        strict_keys(config)
        ray_version, python = image_versions(config)
        if ray_version != ray.__version__:
            raise ClusterConfigError(
                f"the image has Ray {ray_version}, but this installation (which runs ray up and "
                f"ray job submit) has Ray {ray.__version__}"
            )
        pinned = pinned_ray_version()
        if pinned is not None and pinned != ray_version:
            raise ClusterConfigError(f"the image has Ray {ray_version}, but pyproject.toml pins ray=={pinned}")
        if python != sys.version_info[:2]:
            warn(
                f"{path}: warning: the cluster runs Python {python[0]}.{python[1]}, this is Python "
                f"{sys.version_info[0]}.{sys.version_info[1]}: fine for ray up and ray job submit, "
                "but Ray Client (ray://) needs the same minor version"
            )
    except ClusterConfigError as exc:
        raise ClusterConfigError(f"{path}: {exc}") from exc
    return prepared


def main(argv: list[str] | None = None) -> int:
    import logging

    # prepare_config logs defaults it fills in; keep the output to the verdicts.
    logging.getLogger("ray.autoscaler").setLevel(logging.WARNING)
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python cluster/validate.py CLUSTER.yaml [...]", file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            check_file(path)
        except ClusterConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
        else:
            print(f"ok: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
