//! CEF (ArcSight Common Event Format): OCSF → CEF lines ([`encode`]), and a parser
//! ([`parse`]) that reads what the encoder writes and what real producers write, with warnings.
//!
//! `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension`
//!
//! Escaping (CEF rev 25): in header fields `\` → `\\` and `|` → `\|`; in extension values
//! `\` → `\\`, `=` → `\=`, newline → `\n`, carriage return → `\r`. A newline in a header
//! field, which CEF does not allow, is written as `\n` / `\r` as well so that a record stays
//! one line. Spaces need no escaping. The OCSF mapping is in `CEF.md`.

mod encode;
mod parse;

pub use encode::{encode, severity, CefSink};
pub use parse::{parse, CefError, CefWarning, Parsed};

/// One CEF record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CefRecord {
    /// The number after `CEF:`, 0 for what this crate writes.
    pub version: String,
    pub device_vendor: String,
    pub device_product: String,
    pub device_version: String,
    pub signature_id: String,
    pub name: String,
    pub severity: String,
    /// Key/value pairs in order, values unescaped.
    pub extension: Vec<(String, String)>,
}

impl CefRecord {
    /// The value of the first pair with this key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.extension
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The line, without a trailing newline.
    pub fn to_line(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("CEF:");
        out.push_str(if self.version.is_empty() {
            "0"
        } else {
            &self.version
        });
        for field in [
            &self.device_vendor,
            &self.device_product,
            &self.device_version,
            &self.signature_id,
            &self.name,
            &self.severity,
        ] {
            out.push('|');
            escape_header(field, &mut out);
        }
        out.push('|');
        for (i, (key, value)) in self.extension.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(key);
            out.push('=');
            escape_value(value, &mut out);
        }
        out
    }
}

fn escape_header(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn escape_value(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '=' => out.push_str("\\="),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Extension keys defined by the CEF standard (the "CEF Key Name" column), plus the custom
/// field families (`cs1`..`cs6`, `cn1`..`cn3`, ... and their labels).
pub fn is_standard_key(key: &str) -> bool {
    const KEYS: &str = "\
        act app cat cnt destinationDnsDomain destinationServiceName \
        destinationTranslatedAddress destinationTranslatedPort deviceDirection deviceDnsDomain \
        deviceExternalId deviceFacility deviceInboundInterface deviceNtDomain \
        deviceOutboundInterface devicePayloadId deviceProcessName deviceTranslatedAddress dhost \
        dmac dntdom dpid dpriv dproc dpt dst dtz duid duser dvc dvchost dvcmac dvcpid end \
        externalId fileCreateTime fileHash fileId fileModificationTime filePath filePermission \
        fileType fname fsize in msg oldFileCreateTime oldFileHash oldFileId \
        oldFileModificationTime oldFileName oldFilePath oldFilePermission oldFileSize \
        oldFileType out outcome proto reason request requestClientApplication requestContext \
        requestCookies requestMethod rt shost smac sntdom sourceDnsDomain sourceServiceName \
        sourceTranslatedAddress sourceTranslatedPort spid spriv sproc spt src start suid suser \
        type agentDnsDomain agentNtDomain agentTranslatedAddress agentTranslatedZoneExternalID \
        agentTranslatedZoneURI agentZoneExternalID agentZoneURI agt ahost aid amac art at atz \
        av cfp1 cfp2 cfp3 cfp4 cn1 cn2 cn3 cs1 cs2 cs3 cs4 cs5 cs6 c6a1 c6a2 c6a3 c6a4 \
        deviceCustomDate1 deviceCustomDate2 flexDate1 flexString1 flexString2 flexNumber1 \
        flexNumber2 customerExternalID customerURI destinationZoneExternalID destinationZoneURI \
        deviceZoneExternalID deviceZoneURI sourceZoneExternalID sourceZoneURI dlat dlong slat \
        slong eventId catdt rawEvent sourceGeoLatitude sourceGeoLongitude \
        destinationGeoLatitude destinationGeoLongitude deviceVendor deviceProduct deviceVersion \
        deviceEventClassId name severity reportedDuration reportedResourceGroupName \
        reportedResourceID reportedResourceName reportedResourceType frameworkName threatActor \
        threatAttackID";
    let known = |k: &str| KEYS.split_ascii_whitespace().any(|known| known == k);
    if known(key) {
        return true;
    }
    // Labels of the custom families: cs1Label, cn2Label, deviceCustomDate1Label, ...
    key.strip_suffix("Label")
        .is_some_and(|base| known(base) && base.ends_with(|c: char| c.is_ascii_digit()))
}
