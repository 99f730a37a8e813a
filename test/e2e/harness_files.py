"""Harness: settings files, YAML configuration (see harness.py)."""

import json
import os

from harness_core import AWS_CLI, RUN_MARKER
from harness_tls import run_ca


def write_settings_file(directory, values=None, text=None, name="clpaws_setting.conf",
                        section="ENVIRONMENT", mode=0o600):
    """Writes a settings file and returns its path. values: {KEY: VALUE} written as
    `KEY = VALUE` under `[section]` (section=None: plain KEY=VALUE lines); text: raw content
    (str or bytes) instead. Mode 0600, owned by the caller."""
    path = os.path.join(directory, name)
    if text is None:
        lines = [f"[{section}]"] if section else []
        lines += [f"{k} = {v}" if section else f"{k}={v}" for k, v in (values or {}).items()]
        text = "\n".join(lines) + "\n"
    data = text.encode() if isinstance(text, str) else text
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def _yaml_scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value))  # a JSON string is a valid YAML double-quoted scalar


def to_yaml(value, indent=0):
    """Block-style YAML for dicts/lists/scalars (strings double-quoted)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = ""
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out += f"{pad}{key}:\n" + to_yaml(item, indent + 2)
            elif isinstance(item, (dict, list)):
                out += f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}\n"
            else:
                out += f"{pad}{key}: {_yaml_scalar(item)}\n"
        return out
    if isinstance(value, list):
        out = ""
        for item in value:
            if isinstance(item, (dict, list)) and item:
                body = to_yaml(item, indent + 2)
                out += f"{pad}- {body.lstrip()}"
            else:
                out += f"{pad}- {_yaml_scalar(item)}\n"
        return out
    return pad + _yaml_scalar(value) + "\n"


def write_yaml_config(directory, config, name="awsdns.yaml", mode=0o600):
    """Writes `config` (a dict, or YAML text) as the awsdns YAML configuration; returns the path."""
    path = os.path.join(directory, name)
    text = config if isinstance(config, str) else to_yaml(config)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def aws_settings(proxy=None, **more):
    """[ENVIRONMENT] values for a cluster whose AWS is the Route 53 emulator over HTTPS:
    AWS_CA_BUNDLE = the test run's CA (as a site with a private CA keeps it in the settings
    file), HTTPS_PROXY and HTTP_PROXY = `proxy` when given, then `more` (which may override)."""
    values = {"AWS_CA_BUNDLE": run_ca().bundle}
    if proxy is not None:
        values.update(HTTPS_PROXY=proxy, HTTP_PROXY=proxy)
    values.update(more)
    return values


# The offline test environment of base_env() that the AWS CLI of the DNS commands needs: awsdns
# builds that environment from scratch, so the tests name these in aws.pass_env (a real cluster
# keeps them in the settings file, or uses the instance role). Not AWS_CA_BUNDLE: the CA that
# makes the emulator's HTTPS trusted reaches the CLI from the settings file only (aws_settings).
TEST_PASS_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                 "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED",
                 "AWS_EC2_METADATA_SERVICE_ENDPOINT", RUN_MARKER)


def route53_config(endpoint_url, zone_id, record_name="test.clusterpro.local", ips=None,
                   env_file=None, lock_dir=None, resource="web", record_type="A", ttl=300,
                   aws=None, resource_settings=None, monitor=None):
    """The issue-3 configuration dict for one resource against the emulator. ips defaults to
    {"server1": "10.0.110.100", "server2": "10.0.120.100"}; aws / resource_settings / monitor
    override or add keys of those sections. Short timeouts suit tests."""
    aws_section = {"cli": AWS_CLI, "region": "us-east-1",
                   "extra_args": ["--endpoint-url", endpoint_url], "pass_env": list(TEST_PASS_ENV),
                   "connect_timeout": 2, "read_timeout": 5, "call_timeout": 30, "attempts": 3}
    aws_section.update(aws or {})
    res = {"hosted_zone_id": zone_id, "name": record_name, "type": record_type, "ttl": ttl,
           "ip": dict(ips or {"server1": "10.0.110.100", "server2": "10.0.120.100"}),
           "delete_on_deactivate": True, "wait_insync": True, "wait_timeout": 60}
    if monitor is not None:
        res["monitor"] = dict(monitor)
    res.update(resource_settings or {})
    config = {}
    if env_file is not None:
        config["env_file"] = env_file
    if lock_dir is not None:
        config["lock_dir"] = lock_dir
    config["aws"] = aws_section
    config["resources"] = {resource: res}
    return config
