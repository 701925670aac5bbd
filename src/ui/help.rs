use leptos::prelude::*;

/// Short help, in the page so it works offline and needs no other file.
#[component]
pub fn Help() -> impl IntoView {
    view! {
        <section id="help" class="help" aria-labelledby="help-heading" tabindex="-1">
            <h2 id="help-heading">"Help"</h2>
            <h3>"Loading data"</h3>
            <p>
                "Choose the monthly street-level crime files for your area from data.police.uk \
                 (one CSV per month, or the zip the site gives you, or a whole folder), or drag \
                 them onto the box. Try sample data loads a year of City of London files. Files \
                 are read in this browser; nothing is uploaded."
            </p>
            <h3>"Overview"</h3>
            <p>
                "One row per crime type. Latest is the last complete month, quarter or financial \
                 year. Change compares two periods of the same length and says whether the change \
                 is statistically significant (exact test, p below 0.05); significant rows are in \
                 bold. Direction is the Mann–Kendall trend test. Variation is the NHS Making Data \
                 Count reading of the latest month. Show sentence gives the change in words. Sort \
                 by any column with the button in its heading."
            </p>
            <h3>"Detail"</h3>
            <p>
                "Choose a crime type from the overview, or under Filters. Detail shows the \
                 figures behind the sentence, the series over time with its numbers, and the SPC \
                 chart's mean and process limits. Download these figures saves them as CSV."
            </p>
            <h3>"Filters"</h3>
            <p>
                "Show by adds months up to financial quarters (April to June is Q1) or financial \
                 years. A period with months missing is marked incomplete and is never compared \
                 as if it were whole. Compare picks the two periods; custom lets you choose two \
                 runs of months of the same length. Polarity says whether a rise is good or bad \
                 for each measure: for crime, lower is better."
            </p>
            <h3>"Sharing a view"</h3>
            <p>
                "The address in the browser holds the view and every filter, so Back and Forward \
                 work and you can bookmark or send the link. It holds no data: whoever opens it \
                 sees the same view once they load the same files."
            </p>
            <h3>"Using a keyboard"</h3>
            <p>
                "Tab moves through every control; Enter or Space uses it. The first Tab offers \
                 Skip to main content. Tables that are wider than the screen scroll with the arrow \
                 keys once focused."
            </p>
        </section>
    }
}
