//! The simulated AWS account: every service's state behind one lock, and AWS-shaped ids.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{alarms, certs, dns, iam, restapi};

/// Everything the simulated account holds.
#[derive(Debug)]
pub struct World {
    pub(crate) region: String,
    pub(crate) account_id: String,
    ids: StdRng,
    pub(crate) restapi: restapi::State,
    pub(crate) iam: iam::State,
    pub(crate) dns: dns::State,
    pub(crate) certs: certs::State,
    pub(crate) alarms: alarms::State,
}

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

impl World {
    pub(crate) fn new(region: String, account_id: String, seed: u64) -> Self {
        Self {
            region,
            account_id,
            ids: StdRng::seed_from_u64(seed ^ 0x1d5),
            restapi: Default::default(),
            iam: Default::default(),
            dns: Default::default(),
            certs: Default::default(),
            alarms: Default::default(),
        }
    }

    fn draw(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| char::from(alphabet[self.ids.random_range(0..alphabet.len())]))
            .collect()
    }

    /// `a1b2c3d4e5`: REST API and API key ids.
    pub(crate) fn id10(&mut self) -> String {
        self.draw(LOWER_ALNUM, 10)
    }

    /// `a1b2c3`: resource, deployment and usage plan ids.
    pub(crate) fn id6(&mut self) -> String {
        self.draw(LOWER_ALNUM, 6)
    }

    /// `Z0123456789ABCDEFGHIJ`: hosted zone ids.
    pub(crate) fn zone_id(&mut self) -> String {
        format!("Z{}", self.draw(UPPER_ALNUM, 20))
    }

    /// `AROA…`: IAM unique ids.
    pub(crate) fn iam_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.draw(UPPER_ALNUM, 17))
    }

    /// A UUID-shaped id (ACM certificates, Route 53 change ids use other shapes).
    pub(crate) fn uuid(&mut self) -> String {
        let hex = b"0123456789abcdef";
        format!(
            "{}-{}-{}-{}-{}",
            self.draw(hex, 8),
            self.draw(hex, 4),
            self.draw(hex, 4),
            self.draw(hex, 4),
            self.draw(hex, 12)
        )
    }

    /// `C0123456789ABC`: Route 53 change ids.
    pub(crate) fn change_id(&mut self) -> String {
        format!("C{}", self.draw(UPPER_ALNUM, 13))
    }
}
