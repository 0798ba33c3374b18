"""Fixes for moto 5.2.5 answers that are server crashes rather than AWS behaviour.

Each fix makes moto answer what AWS answers for the same request; none makes moto more
permissive than AWS. They are applied once, before the server starts (server.py).
"""

from moto.apigateway.models import APIGatewayBackend
from moto.apigateway.exceptions import DomainNameNotFound


def _get_base_path_mappings(self, domain_name):
    """AWS lists an empty page for a domain without mappings; moto raised KeyError (HTTP 500)."""
    if domain_name not in self.domain_names:
        raise DomainNameNotFound()
    return list(self.base_path_mappings.get(domain_name, {}).values())


def apply():
    """Installs every fix."""
    APIGatewayBackend.get_base_path_mappings = _get_base_path_mappings
