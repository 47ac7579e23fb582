"""compose.yaml is a valid Compose file with the production shape an operator relies on.

No Docker engine runs here: the file is validated against the Compose specification's schema and
read with PyYAML; variables are interpolated the way Compose does it, with sample values.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "compose.yaml"

NODE_PORTS = {"reporting": 8100, "pup": 8101, "ops": 8102, "ngo": 8103}
PARTNERS = ("pup", "ops", "ngo")
NODES = tuple(NODE_PORTS)
DATABASES = {node: f"{node}-db" for node in NODES}

SAMPLE_ENV = {
    "PARTNERSHIP_ID": "partnership-test",
    "PARTNERSHIP_SECRET": "sample-pseudonym-key",
    "PARTNERSHIP_STARTS_ON": "2025-01-01",
    **{f"{node.upper()}_DB_PASSWORD": f"sample-password-{node}" for node in NODES},
    **{f"{node.upper()}_BROKER_PASSWORD": f"sample-broker-password-{node}" for node in NODES},
}

REQUIRED_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z][A-Z0-9_]*):\?[^}]+\}")
SECRET_KEY = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|KEY", re.IGNORECASE)


# ------------------------------------------------------------------------------------- helpers


class MissingVariableError(Exception):
    """A `${VAR:?message}` whose variable is not set: Compose refuses to start."""


_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(value: Any, env: Mapping[str, str]) -> Any:
    """Substitute variables like Compose: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
    ${VAR:+r}, ${VAR+r} and $$ (a literal $), recursively through lists and mappings."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["name"] or match["bare"]
        op, arg = match["op"], match["arg"] or ""
        current = env.get(name)
        if op is None:
            return current or ""
        is_set = current is not None if not op.startswith(":") else bool(current)
        if op.endswith("-"):
            return current if is_set and current is not None else arg
        if op.endswith("?"):
            if not is_set or current is None:
                raise MissingVariableError(f"{name}: {arg}")
            return current
        return arg if is_set else ""  # + : the alternative value

    return _INTERPOLATION.sub(substitute, value)


def load_raw() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """compose.yaml as written (variables not substituted)."""
    return load_raw()


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """compose.yaml as Compose sees it with the sample environment."""
    resolved = interpolate(load_raw(), SAMPLE_ENV)
    assert isinstance(resolved, dict)
    return resolved


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's environment, whichever of the two Compose syntaxes it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        return {key: value for key, value in pairs}
    return {key: "" if value is None else str(value) for key, value in env.items()}


def published_ports(service: Mapping[str, Any]) -> list[tuple[int, int]]:
    """(published, target) pairs of a service's `ports`, short or long syntax."""
    result = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            result.append((int(port["published"]), int(port["target"])))
            continue
        spec = str(port).split("/", 1)[0]
        parts = spec.rsplit(":", 2)
        if len(parts) < 2:
            pytest.fail(f"port {port!r} lets Docker choose the host port")
        result.append((int(parts[-2]), int(parts[-1])))
    return result


def named_volumes(service: Mapping[str, Any]) -> dict[str, str]:
    """Named volumes of a service: {volume name: mount target}."""
    mounts = {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type", "volume") == "volume" and volume.get("source"):
                mounts[volume["source"]] = volume["target"]
            continue
        source, _, rest = str(volume).partition(":")
        if rest and not source.startswith((".", "/", "~", "$")):
            mounts[source] = rest.split(":", 1)[0]
    return mounts


def networks(service: Mapping[str, Any]) -> set[str]:
    nets = service.get("networks")
    if not nets:
        return {"default"}
    return set(nets)


def command_words(service: Mapping[str, Any]) -> list[str]:
    command = service.get("command") or []
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def healthcheck_text(service: Mapping[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(str(word) for word in test)


# --------------------------------------------------------------------------------------- tests


def test_compose_file_validates_against_the_compose_specification() -> None:
    script = Path(sys.executable).parent / "check-jsonschema"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "check_jsonschema"]
    done = subprocess.run(
        [*command, "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_four_nodes_redis_and_four_databases_are_defined(compose: dict[str, Any]) -> None:
    services = set(compose["services"])
    assert {*NODES, "redis", *DATABASES.values()} <= services


@pytest.mark.parametrize("variable", sorted(SAMPLE_ENV))
def test_required_variables_have_no_default(variable: str) -> None:
    env = {key: value for key, value in SAMPLE_ENV.items() if key != variable}
    with pytest.raises(MissingVariableError, match=variable):
        interpolate(load_raw(), env)


@pytest.mark.parametrize("node", NODES)
def test_each_node_uses_its_own_database_and_no_other(
    compose: dict[str, Any], raw: dict[str, Any], node: str
) -> None:
    own = DATABASES[node]
    raw_url = environment(raw["services"][node])["DATABASE_URL"]
    for other in set(DATABASES.values()) - {own}:
        assert other not in raw_url, f"{node} names {other} in its DATABASE_URL"

    url = make_url(environment(compose["services"][node])["DATABASE_URL"])
    db_env = environment(compose["services"][own])
    assert url.drivername == "postgresql+asyncpg"
    assert url.host == own
    assert url.port in (None, 5432)
    assert url.database == db_env["POSTGRES_DB"]
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == db_env["POSTGRES_PASSWORD"]

    # Databases differ in name, user and password; only the node shares its database's network.
    others = [DATABASES[n] for n in NODES if n != node]
    for other in others:
        other_env = environment(compose["services"][other])
        for key in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
            assert db_env[key] != other_env[key], f"{own} and {other} share {key}"
    db_nets = networks(compose["services"][own])
    for name, service in compose["services"].items():
        if name not in (node, own):
            assert not networks(service) & db_nets, f"{name} can reach {own}"
    assert networks(compose["services"][node]) & db_nets
    for net in db_nets:
        assert compose["networks"][net].get("internal") is True, f"{net} is not internal"


@pytest.mark.parametrize("node", NODES)
def test_node_environment_and_build(compose: dict[str, Any], node: str) -> None:
    service = compose["services"][node]
    env = environment(service)
    assert make_url(env["REDIS_URL"]).host == "redis"
    assert env["REDIS_URL"].startswith("redis://")
    assert env["PARTNERSHIP_ID"] == SAMPLE_ENV["PARTNERSHIP_ID"]
    if node in PARTNERS:
        assert env["PARTNERSHIP_SECRET"] == SAMPLE_ENV["PARTNERSHIP_SECRET"]
    else:
        # The reporting node must not be able to derive a pseudonym from a PESEL.
        assert "PARTNERSHIP_SECRET" not in env
        assert "PARTNERSHIP_SECRET_FILE" not in env
    assert env["PARTNERSHIP_STARTS_ON"] == SAMPLE_ENV["PARTNERSHIP_STARTS_ON"]
    assert env["HOST"] == "0.0.0.0"
    assert env["PORT"] == str(NODE_PORTS[node])
    if node in PARTNERS:
        assert env["PARTNER_ID"] == node
    else:
        assert "PARTNER_ID" not in env

    build = service["build"]
    assert (ROOT / build["context"]).resolve() == ROOT
    assert build["dockerfile"] == "Dockerfile"
    assert (ROOT / build["dockerfile"]).is_file()
    assert build["args"] == {"NODE": node, "PORT": str(NODE_PORTS[node])}


def test_redis_persists_append_only_to_a_volume(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    assert redis["image"].startswith("redis:7")
    words = " ".join(command_words(redis))
    assert "--appendonly yes" in words
    assert "--appendfsync everysec" in words
    volumes = named_volumes(redis)
    assert "/data" in volumes.values()
    assert set(volumes) <= set(compose["volumes"])


def test_each_database_has_its_own_volume(compose: dict[str, Any]) -> None:
    owners: dict[str, str] = {}
    for name, service in compose["services"].items():
        for volume in named_volumes(service):
            assert volume not in owners, f"{name} and {owners[volume]} share volume {volume}"
            owners[volume] = name
    for db in DATABASES.values():
        service = compose["services"][db]
        assert service["image"] == "postgres:15"
        volumes = named_volumes(service)
        assert "/var/lib/postgresql/data" in volumes.values(), f"{db} keeps no data volume"
        assert set(volumes) <= set(compose["volumes"])


def test_every_service_has_a_healthcheck_and_restart_policy(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert not check.get("disable"), f"{name} disables its healthcheck"
        assert check.get("test"), f"{name}: empty healthcheck"
        assert check["test"] != ["NONE"], f"{name}: healthcheck NONE"
        assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, name
    redis_probe = healthcheck_text(compose["services"]["redis"])
    assert "redis-cli" in redis_probe
    assert "--user reporting" in redis_probe
    assert redis_probe.split("|")[0].rstrip().endswith("ping")
    for db in DATABASES.values():
        assert "pg_isready" in healthcheck_text(compose["services"][db])
    for node, port in NODE_PORTS.items():
        probe = healthcheck_text(compose["services"][node])
        assert f"127.0.0.1:{port}/healthz" in probe
        assert "urllib" in probe


@pytest.mark.parametrize("node", NODES)
def test_node_starts_after_its_database_and_redis_are_healthy(
    compose: dict[str, Any], node: str
) -> None:
    depends_on = compose["services"][node]["depends_on"]
    assert isinstance(depends_on, dict), "use the long depends_on syntax with conditions"
    for dependency in (DATABASES[node], "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy"
    assert not set(depends_on) & (set(DATABASES.values()) - {DATABASES[node]})


def test_only_the_nodes_publish_ports_8100_to_8103(compose: dict[str, Any]) -> None:
    published: dict[str, list[tuple[int, int]]] = {}
    for name, service in compose["services"].items():
        assert service.get("network_mode") != "host", f"{name} uses the host network"
        if service.get("ports"):
            published[name] = published_ports(service)
    assert published == {node: [(port, port)] for node, port in NODE_PORTS.items()}


def test_no_secret_is_hard_coded(raw: dict[str, Any]) -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for key, value in SAMPLE_ENV.items():
        if SECRET_KEY.search(key):
            assert value not in text
    for name, service in raw["services"].items():
        env = environment(service)
        for key, value in env.items():
            if SECRET_KEY.search(key) and not key.endswith("_FILE"):  # a path, not a secret
                assert REQUIRED_VARIABLE.fullmatch(value), f"{name}: {key} must be ${{VAR:?...}}"
        if "PARTNERSHIP_SECRET" in env:
            match = REQUIRED_VARIABLE.fullmatch(env["PARTNERSHIP_SECRET"])
            assert match, name
            assert match["name"] == "PARTNERSHIP_SECRET", name
        if "DATABASE_URL" in env:
            # The password part of the URL, user:password@host, must come from a variable.
            credentials = env["DATABASE_URL"].split("://", 1)[1].rsplit("@", 1)[0]
            user_password = re.fullmatch(r"(?:\$\{[^}]*\}|[^:$]*):(?P<password>.+)", credentials)
            assert user_password, f"{name}: DATABASE_URL has no password"
            assert REQUIRED_VARIABLE.fullmatch(user_password["password"]), f"{name}: password"
        if "REDIS_URL" in env:
            credentials = env["REDIS_URL"].split("://", 1)[1].rsplit("@", 1)[0]
            user, _, password = credentials.partition(":")
            assert user == name, f"{name} connects to the broker as {user!r}"
            match = REQUIRED_VARIABLE.fullmatch(password)
            assert match, f"{name}: the broker password must be ${{VAR:?...}}"
            assert match["name"] == f"{name.upper()}_BROKER_PASSWORD", name
        if "POSTGRES_PASSWORD" in env:
            match = REQUIRED_VARIABLE.fullmatch(env["POSTGRES_PASSWORD"])
            assert match, name
            assert match["name"].endswith("_DB_PASSWORD"), name


def test_one_dockerfile_builds_every_node_by_its_build_argument() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    uv_version = re.search(r"^UV_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert uv_version, "Makefile pins no UV_VERSION"
    assert not list(ROOT.glob("services/*/Dockerfile")), "one Dockerfile, not a copy per node"

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert f"uv=={uv_version[1]}" in dockerfile
    assert "uv sync --frozen --no-dev --package partnership-${NODE}" in dockerfile
    for node in NODES:
        project = tomllib.loads((ROOT / "services" / node / "pyproject.toml").read_text("utf-8"))
        assert project["project"]["name"] == f"partnership-{node}"
        assert f"partnership-{node}" in project["project"]["scripts"]
    # Every workspace member's pyproject.toml is copied before the dependencies are installed.
    for member in sorted(ROOT.glob("*/*/pyproject.toml")) + sorted(ROOT.glob("cli/pyproject.toml")):
        relative = member.relative_to(ROOT).as_posix()
        if relative.startswith(("shared/", "services/", "cli/")):
            assert f"COPY {relative} " in dockerfile, relative
    assert re.search(r"^EXPOSE \$\{PORT\}$", dockerfile, re.MULTILINE)
    assert re.search(r'^CMD \["sh", "-c", "exec partnership-\$NODE"\]$', dockerfile, re.MULTILINE)
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    patterns = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".git", ".tools", "var"):
        assert required in patterns
    assert {".venv", "**/.venv"} & patterns
    assert {"__pycache__", "**/__pycache__"} & patterns


def test_the_broker_has_a_user_per_node_with_the_partnerships_rules_and_no_default(
    compose: dict[str, Any],
) -> None:
    from partnership_cli.broker import acl_rules

    redis = compose["services"]["redis"]
    script = command_words(redis)[-1] if command_words(redis)[:2] == ["sh", "-c"] else ""
    lines = [line.strip() for line in script.splitlines() if line.strip().startswith("user ")]
    assert lines[0] == "user default off resetkeys resetchannels -@all"
    expected = acl_rules(list(PARTNERS))
    found = {}
    for line in lines[1:]:
        _, user, on, password, rule = line.split(" ", 4)
        assert on == "on"
        assert password == f">${{{user.upper()}_BROKER_PASSWORD}}", user
        found[user] = rule
    assert found == expected
    assert "--aclfile /run/acl/users.acl" in script
    env = environment(redis)
    for node in NODES:
        assert (
            env[f"{node.upper()}_BROKER_PASSWORD"] == SAMPLE_ENV[f"{node.upper()}_BROKER_PASSWORD"]
        )


@pytest.mark.parametrize("node", NODES)
def test_partners_get_their_own_signing_key_and_every_node_the_registry(
    compose: dict[str, Any], node: str
) -> None:
    service = compose["services"][node]
    env = environment(service)
    assert env["PARTNER_KEYS_FILE"] == "/run/config/partner-keys.json"
    assert [c["source"] for c in service["configs"]] == ["partner-keys"]
    if node in PARTNERS:
        assert env["SIGNING_KEY_FILE"] == f"/run/secrets/{node}.key"
        assert service["secrets"] == [{"source": f"{node}-signing-key", "target": f"{node}.key"}]
        assert compose["secrets"][f"{node}-signing-key"]["file"].endswith(f"keys/{node}.key")
    else:
        assert "SIGNING_KEY_FILE" not in env
        assert "secrets" not in service
