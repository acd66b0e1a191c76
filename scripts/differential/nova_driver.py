"""Replays request programs against real Nova, in-process.

Nova's own functional-test harness (nova.tests.functional.integrated_helpers, shipped by
Debian's python3-nova) starts nova-api behind wsgi-intercept with conductor, scheduler and
one compute on the fake virt driver, Placement, and the Neutron/Glance/Cinder fixtures, on
sqlite and fake RPC. Each program gets a fresh harness.

Usage: /usr/bin/python3 nova_driver.py PROGRAMS.json RESULTS.json
The programs' format is described in scripts/differential/README.md.
"""

import json
import os
import re
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PASTE = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'nova', 'api-paste-26.2.2.ini')

from nova import policy, rpc  # noqa: E402
from nova.tests.fixtures import glance as glance_fixture  # noqa: E402
from nova.tests.functional import integrated_helpers  # noqa: E402

PROJECT = '6f70656e737461636b20342065766572'
OTHER_PROJECT = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0'
IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
PERSONAS = {
    'admin': ('admin', PROJECT, 'reader,member,admin'),
    'member': ('fake', PROJECT, 'reader,member'),
    'reader': ('reader', PROJECT, 'reader'),
    'other': ('other', OTHER_PROJECT, 'reader,member'),
}
WAIT_TRIES = 50


def substitute(value, env):
    if isinstance(value, str):
        return re.sub(r'\$([A-Za-z_]\w*)', lambda m: str(env.get(m.group(1), m.group(0))), value)
    if isinstance(value, list):
        return [substitute(v, env) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, env) for k, v in value.items()}
    return value


def pick(body, path):
    for part in path.split('.'):
        if isinstance(body, list):
            body = body[int(part)]
        elif isinstance(body, dict):
            body = body.get(part)
        else:
            return None
    return body


def _filtered_detail(self, context, **kwargs):
    """The GlanceFixture's image list, with the `property-*` filters Glance applies.

    The fixture ignores filters, so a backup's rotation (compute manager `_rotate_backups`
    lists `property-image_type=backup` images of the instance) deleted every image of the
    catalog, and later boots failed with `Can not find requested image`.
    """
    images = _fixture_detail(self, context, **kwargs)
    for key, value in (kwargs.get('filters') or {}).items():
        if key.startswith('property-'):
            name = key[len('property-'):]
            images = [i for i in images
                      if str(i.get('properties', {}).get(name)) == str(value)]
    if kwargs.get('sort_key') == 'created_at':
        images.sort(key=lambda i: str(i.get('created_at')),
                    reverse=kwargs.get('sort_dir') == 'desc')
    return images


_fixture_detail = glance_fixture.GlanceFixture.detail
glance_fixture.GlanceFixture.detail = _filtered_detail


class Harness(integrated_helpers._IntegratedTestBase):
    """The harness, with Nova 26.2.2's api-paste.ini (Debian ships none where it looks)."""

    microversion = 'latest'

    def _setup_services(self):
        self.flags(api_paste_config=os.path.abspath(PASTE), group='wsgi')
        # One roomy host, as the simulator's side has (nova-sim: hosts [{name: 'compute'}]).
        self.flags(compute_driver='fake.FakeDriver')
        self.flags(allow_resize_to_same_host=True)
        # Zed ORs the deprecated admin_or_owner rules in; master enforces the new defaults.
        self.flags(enforce_new_defaults=True, group='oslo_policy')
        policy.reset()
        policy.init(suppress_deprecation_warnings=True)
        # Nova's TestCase makes a legacy notification outside the allowed list fatal
        # (ForbidNewLegacyNotificationFixture); deployed Nova only logs it. A forceDelete of
        # a shelved-offloaded server sends `compute.instance.force_delete.start` and got 500.
        rpc.LegacyValidatingNotifier.fatal = False
        super()._setup_services()

    def call(self, step, env):
        user, project, roles = PERSONAS[step.get('as', 'member')]
        headers = {
            'Content-Type': 'application/json',
            'X-Auth-User': user,
            'X-User-Id': user,
            'X-Auth-Project-Id': project,
            'X-Roles': roles,
        }
        if step.get('version'):
            headers['OpenStack-API-Version'] = 'compute %s' % step['version']
            headers['X-OpenStack-Nova-API-Version'] = step['version']
        base = self.api_fixture.api.base_url
        path = substitute(step['path'], env)
        body = step.get('body')
        data = None if body is None and 'body' not in step else json.dumps(substitute(body, env))
        response = self.api_fixture.api.request(
            base + path, method=step['method'], body=data, headers=headers)
        try:
            parsed = response.json() if response.content else None
        except ValueError:
            parsed = response.text
        return {'status': response.status_code, 'body': parsed}

    def wait(self, step, env):
        server = substitute(step['wait'], env)
        wanted = step['status'] if isinstance(step['status'], list) else [step['status']]
        headers = {'X-Auth-User': 'admin', 'X-User-Id': 'admin', 'X-Auth-Project-Id': PROJECT,
                   'X-Roles': 'reader,member,admin'}
        status = None
        for _ in range(WAIT_TRIES):
            response = self.api_fixture.api.request(
                self.api_fixture.api.base_url + '/servers/' + server, headers=headers)
            if response.status_code == 404:
                status = 'DELETED'
            else:
                status = response.json()['server']['status']
            if status in wanted:
                break
            time.sleep(0.1)
        return {'status': status}

    def test_program(self):
        program = self.program
        started = time.monotonic()
        env = {'image': IMAGE, 'project': PROJECT, 'other_project': OTHER_PROJECT}
        env.update(program.get('vars', {}))
        results = []
        for step in program['steps']:
            if 'wait' in step:
                results.append(self.wait(step, env))
                continue
            result = self.call(step, env)
            for name, path in step.get('save', {}).items():
                # A refused boot saves nothing: the variable keeps its earlier server.
                value = pick(result['body'], path)
                if value is not None:
                    env[name] = value
            results.append(result)
        # Nova's TestCase clears instance attributes at cleanup: keep the results outside.
        OUTCOMES[program['name']] = results
        TIMES[program['name']] = round(time.monotonic() - started, 2)


OUTCOMES = {}
TIMES = {}


def run_program(program):
    case = Harness('test_program')
    case.program = program
    outcome = unittest.TestResult()
    started = time.monotonic()
    case.run(outcome)
    errors = [text for _, text in outcome.errors + outcome.failures]
    return {'name': program['name'], 'steps': OUTCOMES.pop(program['name'], None),
            'error': errors[0] if errors else None,
            'seconds': round(time.monotonic() - started, 2),
            'stepSeconds': TIMES.pop(program['name'], None)}


def main():
    programs = json.load(open(sys.argv[1]))
    results = []
    for program in programs:
        results.append(run_program(program))
        # Written after each program, so a long run can be read (or reused) part-way.
        with open(sys.argv[2], 'w') as out:
            json.dump(results, out)
        print('%s: %ss' % (program['name'], results[-1]['seconds']), file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()
